"""Declared schemas for the files users and agents write (reports, agent specs, configs).

Every schema is a strict pydantic model: ``"false"`` is not a boolean, ``"3"`` is not a
number, and an unknown key is an error rather than silently ignored. :func:`validate`
turns pydantic's errors into one line naming the file and each offending key.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class SchemaError(ValueError):
    """A file whose content does not match its declared schema."""


class Strict(BaseModel):
    """Base of every file schema: strict types, no unknown keys, no NaN/inf."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", allow_inf_nan=False)


def describe_errors(err: ValidationError) -> str:
    """pydantic's errors as 'unknown key 'x'; 'network': Input should be ...'."""
    parts = []
    for item in err.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            parts.append(f"unknown key {key!r}")
        elif item["type"] == "missing":
            parts.append(f"missing key {key!r}")
        else:
            shown = repr(item.get("input"))
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            parts.append(f"{key!r}: {item['msg']} (got {shown})")
    return "; ".join(parts)


def validate(model: type[M], data: object, source: str, error: type[ValueError] = SchemaError) -> M:
    """``model`` validated from ``data``; ``error`` names ``source`` and every bad key."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise error(f"{source}: {describe_errors(err)}") from None
