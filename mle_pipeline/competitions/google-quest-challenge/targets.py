"""The 30 rating columns of Kaggle's train.csv and sample submission, in their order."""

QUESTION = [
    "asker_intent_understanding",
    "body_critical",
    "conversational",
    "expect_short_answer",
    "fact_seeking",
    "has_commonly_accepted_answer",
    "interestingness_others",
    "interestingness_self",
    "multi_intent",
    "not_really_a_question",
    "opinion_seeking",
    "type_choice",
    "type_compare",
    "type_consequence",
    "type_definition",
    "type_entity",
    "type_instructions",
    "type_procedure",
    "type_reason_explanation",
    "type_spelling",
    "well_written",
]
ANSWER = [
    "helpful",
    "level_of_information",
    "plausible",
    "relevance",
    "satisfaction",
    "type_instructions",
    "type_procedure",
    "type_reason_explanation",
    "well_written",
]
TARGETS = [f"question_{name}" for name in QUESTION] + [f"answer_{name}" for name in ANSWER]
ID = "qa_id"
