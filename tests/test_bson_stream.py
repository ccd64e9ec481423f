"""The BSON stream reader: documents re-encoded byte for byte as pymongo's decode-encode round
trip writes them, and every stream it cannot reproduce refused with the file named."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from mle_pipeline.bson_stream import BsonError, encode, iter_documents, reencoded
from mle_pipeline.registry import get_competition


def _doc(*elements: bytes) -> bytes:
    body = b"".join(elements)
    return struct.pack("<i", len(body) + 5) + body + b"\0"


INT32_A = b"\x10a\0" + struct.pack("<i", 1)
INT64_ID = b"\x12_id\0" + struct.pack("<q", 5)  # an int64 that would fit in 32 bits
PICTURES = b"\x04x\0" + _doc(b"\x030\0" + _doc(b"\x05p\0" + struct.pack("<i", 2) + b"\0xy"))
INT64_C = b"\x12c\0" + struct.pack("<q", 2**40)


def test_id_moves_first_and_values_keep_their_bytes() -> None:
    # What pymongo 4.20's BSON.encode(bson.decode(doc)) gives for this document: _id first,
    # the int64 _id still 8 bytes, the rest in order.
    pymongo_output = (
        b">\x00\x00\x00\x12_id\x00\x05\x00\x00\x00\x00\x00\x00\x00\x10a\x00\x01\x00\x00\x00"
        b"\x04x\x00\x17\x00\x00\x00\x030\x00\x0f\x00\x00\x00\x05p\x00\x02\x00\x00\x00\x00xy"
        b"\x00\x00\x12c\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"
    )
    assert reencoded(_doc(INT32_A, INT64_ID, PICTURES, INT64_C)) == pymongo_output
    assert reencoded(pymongo_output) == pymongo_output


def test_a_dropped_field_shortens_the_document() -> None:
    assert reencoded(_doc(INT64_ID, PICTURES, INT64_C), drop=["c"]) == _doc(INT64_ID, PICTURES)


def test_encode_writes_what_reencoded_keeps() -> None:
    document = {"imgs": [{"picture": b"\xff\xd8"}], "_id": 7, "category_id": 1000010653}
    encoded = encode(document)
    assert encoded.index(b"_id") < encoded.index(b"imgs")
    assert reencoded(encoded) == encoded


@pytest.mark.parametrize(
    ("element", "reason"),
    [
        (b"\x05p\0" + struct.pack("<i", 2) + b"\x03xy", "subtype 3"),
        (b"\x09d\0" + struct.pack("<q", 0), "type 0x09"),
        (b"\x04x\0" + _doc(b"\x101\0" + struct.pack("<i", 1)), "array key '1'"),
        (b"\x02s\0" + struct.pack("<i", 3) + b"\xff\xfe\0", "utf-8"),
    ],
)
def test_what_pymongo_would_change_is_refused(element: bytes, reason: str) -> None:
    with pytest.raises((BsonError, UnicodeDecodeError), match=reason):
        reencoded(_doc(INT64_ID, element))


def test_a_truncated_stream_names_the_file_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "train.bson"
    whole = encode({"_id": 1, "category_id": 2})
    path.write_bytes(whole + whole[:-3])
    with pytest.raises(BsonError, match=rf"{path}: truncated .* byte {len(whole)}"):
        list(iter_documents(path))


def test_prepare_names_a_document_without_a_category(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "train.bson").write_bytes(
        encode({"_id": 1, "category_id": 2}) + encode({"_id": 2, "imgs": []})
    )
    prepare = get_competition("cdiscount-image-classification-challenge").prepare_fn
    with pytest.raises(BsonError, match=r"train.bson: document 1: KeyError\('category_id'\)"):
        prepare(raw, tmp_path / "public", tmp_path / "private")
