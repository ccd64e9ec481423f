"""BSON document streams (a MongoDB dump: documents back to back, as cdiscount's train.bson),
read one document at a time and written, without pymongo.

Documents are kept as their raw bytes. ``reencoded`` gives exactly what pymongo's
``BSON.encode(bson.decode(doc))`` writes (``_id`` moved first, other fields in order, values
unchanged) for the value types whose decode-encode round trip is the identity; anything else
is refused (the caller names the file and document) rather than copied unlike MLE-bench.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

MAX_DOCUMENT = 16 << 20  # MongoDB's limit on one document
_FIXED = {0x01: 8, 0x07: 12, 0x08: 1, 0x0A: 0, 0x10: 4, 0x12: 8}  # double, ObjectId, ...
_INT32, _INT64 = struct.Struct("<i"), struct.Struct("<q")


class BsonError(ValueError):
    """A BSON stream that is malformed or holds what this reader cannot reproduce."""


def iter_documents(path: Path) -> Iterator[bytes]:
    """Each document's bytes in file order; memory is bounded by the largest document."""
    with open(path, "rb", buffering=1 << 20) as handle:
        offset = 0
        while head := handle.read(4):
            size = _INT32.unpack(head)[0] if len(head) == 4 else -1
            if not 5 <= size <= MAX_DOCUMENT:
                raise BsonError(f"{path}: bad document length {size} at byte {offset}")
            doc = head + handle.read(size - 4)
            if len(doc) != size or doc[-1] != 0:
                raise BsonError(f"{path}: truncated or unterminated document at byte {offset}")
            yield doc
            offset += size


def elements(doc: bytes, start: int = 0) -> Iterator[tuple[str, int, int, int]]:
    """``(name, type, value start, value end)`` of each field of the document at ``start``."""
    end = start + _INT32.unpack_from(doc, start)[0] - 1
    at = start + 4
    while at < end:
        kind = doc[at]
        name_end = doc.index(b"\0", at + 1, end)
        name = doc[at + 1 : name_end].decode("utf-8")
        value = name_end + 1
        if kind in _FIXED:
            value_end = value + _FIXED[kind]
        elif kind == 0x02:  # string: length (with its NUL), bytes, NUL
            value_end = value + 4 + _INT32.unpack_from(doc, value)[0]
        elif kind in (0x03, 0x04):  # embedded document, array
            value_end = value + _INT32.unpack_from(doc, value)[0]
        elif kind == 0x05:  # binary: length, subtype, bytes
            value_end = value + 5 + _INT32.unpack_from(doc, value)[0]
        else:
            raise BsonError(f"field {name!r} has BSON type 0x{kind:02x}, which is not supported")
        if value_end > end:
            raise BsonError(f"field {name!r} runs past the end of its document")
        yield name, kind, value, value_end
        at = value_end
    if at != end or doc[end] != 0:
        raise BsonError("a document's fields do not fill its length")


def integer(doc: bytes, kind: int, value: int) -> int:
    if kind == 0x10:
        return _INT32.unpack_from(doc, value)[0]
    if kind == 0x12:
        return _INT64.unpack_from(doc, value)[0]
    raise BsonError(f"expected an integer field, found BSON type 0x{kind:02x}")


def _check_round_trip(doc: bytes, start: int, array: bool) -> None:
    """Refuse what this reader does not reproduce of pymongo's decode-encode: binary subtypes
    other than 0, non-boolean bytes in booleans, bad UTF-8, array keys other than 0, 1, ..."""
    for number, (name, kind, value, value_end) in enumerate(elements(doc, start)):
        if array and name != str(number):
            raise BsonError(f"array key {name!r} where {number} was expected")
        if kind in (0x03, 0x04):
            _check_round_trip(doc, value, array=kind == 0x04)
        elif kind == 0x05 and doc[value + 4] != 0:
            raise BsonError(f"field {name!r} is binary of subtype {doc[value + 4]}, not 0")
        elif kind == 0x08 and doc[value] > 1:
            raise BsonError(f"field {name!r} is a boolean of byte {doc[value]}")
        elif kind == 0x02:
            doc[value + 4 : value_end - 1].decode("utf-8")


def reencoded(doc: bytes, drop: Iterable[str] = ()) -> bytes:
    """The document as pymongo re-encodes it once decoded, without the fields ``drop``."""
    _check_round_trip(doc, 0, array=False)
    fields = {}
    for name, _, value, value_end in elements(doc):
        if name in fields:
            raise BsonError(f"field {name!r} appears twice")
        fields[name] = doc[value - len(name) - 2 : value_end]
    dropped = set(drop)
    order = sorted(fields, key=lambda name: name != "_id")  # stable: only _id moves
    body = b"".join(fields[name] for name in order if name not in dropped)
    return _INT32.pack(len(body) + 5) + body + b"\0"


def encode(document: dict) -> bytes:
    """A document of ints, floats, text, bytes (binary subtype 0), lists and dicts, with
    ``_id`` first as pymongo writes it (for synthetic data)."""
    order = sorted(document, key=lambda name: name != "_id")
    return _document((name, document[name]) for name in order)


def _document(items: Iterable[tuple[str, object]]) -> bytes:
    body = b"".join(_element(name, value) for name, value in items)
    return _INT32.pack(len(body) + 5) + body + b"\0"


def _element(name: str, value: object) -> bytes:
    key = name.encode("utf-8") + b"\0"
    if isinstance(value, bool):
        return b"\x08" + key + bytes([value])
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return b"\x10" + key + _INT32.pack(value)
        return b"\x12" + key + _INT64.pack(value)
    if isinstance(value, float):
        return b"\x01" + key + struct.pack("<d", value)
    if isinstance(value, str):
        text = value.encode("utf-8") + b"\0"
        return b"\x02" + key + _INT32.pack(len(text)) + text
    if isinstance(value, bytes):
        return b"\x05" + key + _INT32.pack(len(value)) + b"\0" + value
    if isinstance(value, list):
        return b"\x04" + key + _document((str(i), item) for i, item in enumerate(value))
    if isinstance(value, dict):
        return b"\x03" + key + _document(value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as BSON")
