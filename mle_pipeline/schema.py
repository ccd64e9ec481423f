"""Declared schemas for the files users and agents write (reports, agent specs, configs).

Every schema is a strict pydantic model: ``"false"`` is not a boolean, ``"3"`` is not a
number, and an unknown key is an error rather than silently ignored. :func:`validate`
turns pydantic's errors into one line naming the file and each offending key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from mle_pipeline import fsutil

M = TypeVar("M", bound=BaseModel)
MAX_CONFIG_BYTES = 1 << 20


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


def _list_to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


# A YAML/JSON list read as a tuple (strict mode alone takes only a Python tuple).
StrTuple = Annotated[tuple[str, ...], BeforeValidator(_list_to_tuple)]


def load_yaml_mapping(path: Path, what: str, error: type[ValueError] = SchemaError) -> dict:
    """The mapping a YAML file holds; ``error`` names the file if it is not one."""
    try:
        raw = yaml.safe_load(fsutil.read_text(path, MAX_CONFIG_BYTES))
    except yaml.YAMLError as err:
        raise error(f"{path}: not valid YAML ({err})") from None
    except (OSError, ValueError) as err:
        raise error(f"{path}: cannot be read ({err})") from None
    if not isinstance(raw, dict):
        raise error(f"{path}: expected a mapping of {what}, found {type(raw).__name__}")
    return raw
