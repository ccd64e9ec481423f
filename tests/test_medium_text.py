"""What the generic competition tests cannot see in the medium split's text and tabular
competitions: their special preparation steps and metric details, checked by hand or
against a plain re-computation."""

from __future__ import annotations

import importlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import pearsonr
from sklearn.metrics import roc_auc_score

from mle_pipeline.grading.errors import InvalidSubmissionError
from mle_pipeline.grading.grade import read_table


def _grader(cid: str):
    return importlib.import_module(f"mle_pipeline.competitions.{cid}.grade").grade


def test_google_quest_swaps_a_spelling_row_into_the_test_set(prepared_root) -> None:
    cid = "google-quest-challenge"
    layout = prepared_root(cid)
    raw = pd.read_csv(layout.raw_dir(cid) / "train.csv")
    answers = pd.read_csv(layout.private_dir(cid) / "test.csv")
    train = pd.read_csv(layout.public_dir(cid) / "train.csv")
    # The sample data puts every non-zero spelling rating where the split sends it to train.
    assert answers["question_type_spelling"].nunique() > 1
    assert (answers["question_type_spelling"] != 0).sum() == 1
    assert set(answers["qa_id"]).isdisjoint(train["qa_id"])
    assert sorted([*answers["qa_id"], *train["qa_id"]]) == sorted(raw["qa_id"])
    sample = pd.read_csv(layout.public_dir(cid) / "sample_submission.csv")
    assert np.allclose(sample.iloc[:, 1], np.linspace(0, 1, len(sample)))


def test_google_quest_rejects_a_constant_column_and_averages_spearman(prepared_root) -> None:
    cid = "google-quest-challenge"
    answers = read_table(prepared_root(cid).private_dir(cid) / "test.csv")
    targets = list(answers.columns[1:])
    rng = np.random.default_rng(0)
    noisy = answers.copy()
    noisy[targets] = answers[targets] + rng.normal(0, 0.3, (len(answers), len(targets)))
    ranks = noisy[targets].rank().corrwith(answers[targets].rank())  # Spearman by hand
    assert _grader(cid)(noisy, answers) == pytest.approx(ranks.mean())
    with pytest.raises(InvalidSubmissionError, match="constant"):
        _grader(cid)(noisy.assign(answer_helpful=0.5), answers)


def test_ventilator_keeps_breaths_whole_and_renumbers_ids(prepared_root) -> None:
    cid = "ventilator-pressure-prediction"
    layout = prepared_root(cid)
    raw = pd.read_csv(layout.raw_dir(cid) / "train.csv")
    train = pd.read_csv(layout.public_dir(cid) / "train.csv")
    answers = pd.read_csv(layout.private_dir(cid) / "test.csv")
    assert set(train["breath_id"]).isdisjoint(answers["breath_id"])
    for part in (train, answers):
        assert part["id"].tolist() == list(range(1, len(part) + 1))
        sizes = part.groupby("breath_id").size()
        assert (sizes == raw.groupby("breath_id").size()[sizes.index]).all()
        # each breath's rows are contiguous and in time order
        assert (part["breath_id"] != part["breath_id"].shift()).sum() == len(sizes)
        assert (part.groupby("breath_id")["time_step"].diff().dropna() > 0).all()
    assert len(answers["breath_id"].unique()) == math.ceil(0.1 * raw["breath_id"].nunique())


def test_ventilator_scores_inspiratory_rows_only(prepared_root) -> None:
    cid = "ventilator-pressure-prediction"
    answers = read_table(prepared_root(cid).private_dir(cid) / "test.csv")
    breathing_in = (answers["u_out"] == 0).to_numpy()
    submission = answers[["id", "pressure"]].copy()
    submission.loc[~breathing_in, "pressure"] = 1e6  # never read
    assert _grader(cid)(submission, answers) == 0
    first_three = np.flatnonzero(breathing_in)[:3]
    submission.loc[first_three, "pressure"] += 2.0  # MAE: 3 rows off by 2
    assert _grader(cid)(submission, answers) == pytest.approx(6 / breathing_in.sum())


def _jigsaw_bias_auc(answers: pd.DataFrame, scores: np.ndarray) -> float:
    """Kaggle's formula with MLE-bench's 0.5 cut-off, written out plainly."""
    identities = ["male", "female", "homosexual_gay_or_lesbian", "christian", "jewish"]
    identities += ["muslim", "black", "white", "psychiatric_or_mental_illness"]
    predicted = (scores >= 0.5).astype(int)
    toxic = (answers["toxicity"] >= 0.5).to_numpy()
    means = []
    for kind in ("subgroup", "bpsn", "bnsp"):
        aucs = []
        for identity in identities:
            member = (answers[identity] >= 0.5).to_numpy()
            rows = {
                "subgroup": member,
                "bpsn": (member & ~toxic) | (~member & toxic),
                "bnsp": (member & toxic) | (~member & ~toxic),
            }[kind]
            aucs.append(roc_auc_score(toxic[rows], predicted[rows]))
        means.append(np.mean(np.power(aucs, -5.0)) ** (-1 / 5))
    return 0.25 * roc_auc_score(toxic, predicted) + 0.25 * sum(means)


def test_jigsaw_bias_auc_matches_the_formula_and_cuts_at_one_half(prepared_root) -> None:
    cid = "jigsaw-unintended-bias-in-toxicity-classification"
    answers = read_table(prepared_root(cid).private_dir(cid) / "test.csv")
    rng = np.random.default_rng(1)
    scores = np.clip(answers["toxicity"].to_numpy() + rng.normal(0, 0.4, len(answers)), 0, 1)
    submission = answers[["id"]].assign(prediction=scores)
    score = _grader(cid)(submission, answers)
    assert 0.5 < score < 1
    assert score == pytest.approx(_jigsaw_bias_auc(answers, scores))
    # Scores moved within their side of 0.5 score the same (MLE-bench's cut-off).
    squeezed = np.where(scores >= 0.5, 0.5 + scores / 10, scores / 10)
    assert _grader(cid)(submission.assign(prediction=squeezed), answers) == score
    renamed = submission.rename(columns={"prediction": "toxicity"})
    assert _grader(cid)(renamed, answers) == score


def test_lmsys_uniform_guess_scores_log_three_and_rows_must_sum_to_one(prepared_root) -> None:
    cid = "lmsys-chatbot-arena"
    layout = prepared_root(cid)
    answers = read_table(layout.private_dir(cid) / "answers.csv")
    sample = read_table(layout.public_dir(cid) / "sample_submission.csv")
    assert _grader(cid)(sample, answers) == pytest.approx(math.log(3))
    off = sample.assign(winner_tie=sample["winner_tie"] + 1e-5)
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        _grader(cid)(off, answers)
    within = sample.assign(winner_tie=sample["winner_tie"] + 4e-7)  # rounds to 1 at 6 places
    assert _grader(cid)(within, answers) == pytest.approx(math.log(3), abs=1e-5)


def test_us_patent_pearson_and_constant_predictions(prepared_root) -> None:
    cid = "us-patent-phrase-to-phrase-matching"
    answers = read_table(prepared_root(cid).private_dir(cid) / "test.csv")
    rng = np.random.default_rng(2)
    guess = answers["score"].to_numpy() + rng.normal(0, 0.3, len(answers))
    submission = answers[["id"]].assign(score=guess).iloc[::-1]
    assert _grader(cid)(submission, answers) == pytest.approx(pearsonr(answers["score"], guess)[0])
    with pytest.raises(InvalidSubmissionError, match="undefined"):
        _grader(cid)(submission.assign(score=0.25), answers)


def test_empty_answers_tweet_is_invalid_but_chaii_scores_zero() -> None:
    tweets = pd.DataFrame({"textID": ["a", "b"], "selected_text": [np.nan, "so happy"]})
    guess = pd.DataFrame({"textID": ["a", "b"], "selected_text": [np.nan, "happy"]})
    with pytest.raises(InvalidSubmissionError, match="both empty"):
        _grader("tweet-sentiment-extraction")(guess, tweets)
    assert _grader("tweet-sentiment-extraction")(guess.fillna("x"), tweets) == 0.25
    qa = pd.DataFrame({"id": ["a", "b"], "PredictionString": [np.nan, "दिल्ली शहर"]})
    answer = pd.DataFrame({"id": ["a", "b"], "PredictionString": [np.nan, "दिल्ली"]})
    assert _grader("chaii-hindi-and-tamil-question-answering")(answer, qa) == 0.25


def test_essay_sample_scores_are_mlebench_random_draw(prepared_root) -> None:
    cid = "learning-agency-lab-automated-essay-scoring-2"
    sample = pd.read_csv(prepared_root(cid).public_dir(cid) / "sample_submission.csv")
    draw = np.random.RandomState(42).randint(1, 7, size=len(sample))
    assert sample["score"].tolist() == draw.tolist()


def test_baseline_normalises_one_hot_targets_and_copies_extractive_spans() -> None:
    from mle_pipeline.agents.builtin.baseline import Task, predict

    rng = np.random.default_rng(3)
    words = np.array(["good", "bad", "fine", "great", "awful", "okay"])
    texts = [" ".join(rng.choice(words, 6)) for _ in range(60)]
    winner = rng.integers(0, 3, 60)
    train = pd.DataFrame({"id": range(60), "text": texts})
    for k, name in enumerate(["a", "b", "tie"]):
        train[name] = (winner == k).astype(int)
    test = train[["id", "text"]].iloc[:10]
    sample = test[["id"]].assign(a=1 / 3, b=1 / 3, tie=1 / 3)
    task = Task(train, test, sample, ["id"], ["a", "b", "tie"], True)
    out = predict(task)
    assert np.allclose(out[["a", "b", "tie"]].sum(axis=1), 1)

    # Each answer is the last two words of its text (a free-text span, one per row).
    spans = pd.DataFrame({"id": range(60), "text": [f"{t} n{i}" for i, t in enumerate(texts)]})
    spans["span"] = [" ".join(t.split()[-2:]) for t in spans["text"]]
    test = spans[["id", "text"]].iloc[:10]
    sample = test[["id"]].assign(span="")
    task = Task(spans, test, sample, ["id"], ["span"], False)
    assert predict(task)["span"].tolist() == test["text"].tolist()


def test_ai4code_kendall_tau_by_hand() -> None:
    grade = _grader("AI4Code")
    answers = pd.DataFrame({"id": ["n1", "n2"], "cell_order": ["a b c", "x y z w"]})
    # n1: one swap of 3 cells; n2: fully reversed, 6 swaps of 4 cells.
    # 1 - 4 * (1 + 6) / (3 * 2 + 4 * 3) = 1 - 28 / 18
    submission = pd.DataFrame({"id": ["n2", "n1"], "cell_order": ["w z y x", "b a c"]})
    assert grade(submission, answers.copy()) == pytest.approx(1 - 28 / 18)
    repeated = pd.DataFrame({"id": ["n1", "n2"], "cell_order": ["a a c", "x y z w"]})
    with pytest.raises(InvalidSubmissionError, match="n1"):
        grade(repeated, answers.copy())


def test_ai4code_test_set_keeps_ancestry_groups_whole() -> None:
    from mle_pipeline.competitions.AI4Code.prepare import split_by_ancestor

    ancestors = pd.DataFrame({"id": list("abcdef"), "ancestor_id": ["p", "q", "p", "r", "q", "s"]})
    # Groups in order of first appearance: p (a, c), q (b, e), r (d), s (f); q no longer fits.
    train, test = split_by_ancestor(ancestors, 3)
    assert test == ["a", "c", "d"] and train == ["b", "e", "f"]
    with pytest.raises(ValueError, match="fill only"):
        split_by_ancestor(ancestors.iloc[[0, 2, 1, 4]], 1)


def test_tensorflow2_qa_slots_by_hand() -> None:
    grade = _grader("tensorflow2-question-answering")

    def record(example_id: str, long: tuple, short: list, yes_no: str = "NONE") -> dict:
        return {
            "example_id": example_id,
            "annotations": [
                {
                    "yes_no_answer": yes_no,
                    "long_answer": {"start_token": long[0], "end_token": long[1]},
                    "short_answers": [{"start_token": s, "end_token": e} for s, e in short],
                }
            ],
        }

    answers = [record("1", (3, 9), [(4, 5), (6, 7)]), record("2", (-1, -1), [], "NONE")]
    rows = {
        "1_long": "3:9",  # right
        "1_short": "6:7",  # the second short answer: right
        "2_long": "",  # no answer, none given: right
        "2_short": "YES",  # an answer where there is none: wrong
    }
    submission = pd.DataFrame({"example_id": list(rows), "PredictionString": list(rows.values())})
    assert grade(submission, answers) == pytest.approx(3 / 4)
    bad = submission.assign(PredictionString=["3-9", "", "", ""])
    with pytest.raises(InvalidSubmissionError, match="3-9"):
        grade(bad, answers)


def test_facebook_tags_micro_f1_by_hand() -> None:
    grade = _grader("facebook-recruiting-iii-keyword-extraction")
    answers = pd.DataFrame({"Id": [1, 2], "Tags": ["python pandas", "java"]})
    # Row 1: python right, pandas missed; row 2: java right, c# wrong, 'rust' is no test
    # question's tag and is ignored (as MultiLabelBinarizer drops it). 2 TP, 1 FP, 1 FN.
    submission = pd.DataFrame({"Id": [2, 1], "Tags": ["java c# rust java", "python"]})
    answers.loc[len(answers)] = [3, "c#"]
    submission.loc[len(submission)] = [3, None]  # one more FN
    assert grade(submission, answers) == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))


def test_facebook_fields_are_quoted_as_pandas_writes_them() -> None:
    module = importlib.import_module(
        "mle_pipeline.competitions.facebook-recruiting-iii-keyword-extraction.prepare"
    )
    values = ["plain", 'say "hi"', "a,b", "line\nbreak", "cr\ronly", " lead", "é"]
    expected = pd.DataFrame([values]).to_csv(index=False, header=False)
    fields = module._Fields()
    assert fields(values) + "\n" == expected
    assert fields([float("nan")]) == "" and fields(["", "x"]) == ",x"


def test_built_in_agents_find_randompredictions_before_other_zips(tmp_path: Path) -> None:
    from mle_pipeline.agents.builtin.common import find_sample_submission

    (tmp_path / "sample_code_mmrgc.zip").write_bytes(b"PK")  # Matlab code, no CSV
    (tmp_path / "test.csv").write_text("Id\n0300\n")
    (tmp_path / "randomPredictions.csv").write_text("Id,Sequence\n0300,1 2\n")
    assert find_sample_submission(tmp_path).name == "randomPredictions.csv"
