"""TFRecord files of tf.train.Example records, read and written without TensorFlow.

MLE-bench reads the ``image_name`` of siim-isic-melanoma-classification's TFRecords with
TensorFlow; the samples write such files. Only the few protobuf fields of
``tf.train.Example`` are handled, by hand: the ``protobuf`` package would need the compiled
Example schema, which ships with TensorFlow, and a whole TensorFlow install is far heavier than
this module.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


def _crc32c_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C_TABLE = _crc32c_table()


def masked_crc32c(data: bytes) -> int:
    """The masked CRC-32C (Castagnoli) that TFRecord framing stores after lengths and data."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _pb_fields(buffer: memoryview):
    """(field number, value) pairs of a serialized protobuf message, values left encoded."""
    pos = 0
    while pos < len(buffer):
        key, pos = _pb_varint(buffer, pos)
        wire = key & 7
        if wire == 0:
            value, pos = _pb_varint(buffer, pos)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, pos = buffer[pos : pos + size], pos + size
        elif wire == 2:
            size, pos = _pb_varint(buffer, pos)
            value, pos = buffer[pos : pos + size], pos + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if pos > len(buffer):
            raise ValueError("truncated protobuf message")
        yield key >> 3, value


def _pb_varint(buffer: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buffer):
            raise ValueError("truncated protobuf varint")
        byte = buffer[pos]
        result |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return result, pos
        shift += 7


def _example_bytes_feature(record: memoryview, name: str) -> bytes | None:
    """First value of the bytes feature ``name`` in a serialized tf.train.Example."""
    found = None
    for number, features in _pb_fields(record):  # Example.features = 1
        if number != 1:
            continue
        for entry_number, entry in _pb_fields(features):  # Features.feature map = 1
            if entry_number != 1:
                continue
            key, feature = b"", None
            for part_number, part in _pb_fields(entry):
                if part_number == 1:
                    key = bytes(part)
                elif part_number == 2:
                    feature = part
            if key.decode("utf-8") != name or feature is None:
                continue
            found = None  # a later map entry with the same key replaces an earlier one
            for kind, values in _pb_fields(feature):  # Feature.bytes_list = 1
                if kind == 1:
                    for value_number, value in _pb_fields(values):  # BytesList.value = 1
                        if value_number == 1:
                            found = bytes(value)
                            break
    return found


def tfrecord_strings(path: Path, feature: str = "image_name") -> list[str]:
    """The first value of a bytes feature (UTF-8) of every tf.train.Example in a TFRecord file.

    What MLE-bench reads with TensorFlow (``features.feature[name].bytes_list.value[0]``),
    here in plain Python. Reads record by record (files may be large) and checks each
    length's CRC; the data CRCs are not checked (pure-Python CRC over gigabytes is slow).
    Raises ValueError on a truncated file or a record without the feature.
    """
    values: list[str] = []
    with open(path, "rb") as handle:
        while header := handle.read(12):
            if len(header) < 12:
                raise ValueError(f"{path}: truncated TFRecord header")
            length, length_crc = struct.unpack("<QI", header)
            if masked_crc32c(header[:8]) != length_crc:
                raise ValueError(f"{path}: corrupt TFRecord length at record {len(values)}")
            record = handle.read(length)
            if len(record) < length or len(handle.read(4)) < 4:
                raise ValueError(f"{path}: truncated TFRecord at record {len(values)}")
            value = _example_bytes_feature(memoryview(record), feature)
            if value is None:
                raise ValueError(f"{path}: record {len(values)} has no bytes feature {feature!r}")
            values.append(value.decode("utf-8"))
    return values


# --- writing (the offline sample data) ---


def _proto_varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values take ten bytes, as in protobuf
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _proto_bytes(field: int, payload: bytes) -> bytes:
    return _proto_varint(field << 3 | 2) + _proto_varint(len(payload)) + payload


def tf_example(features: dict) -> bytes:
    """A serialized tf.train.Example: str/bytes values become bytes lists, ints int64 lists,
    floats float lists (a value may also be a list of one such type)."""
    entries = b""
    for name, value in features.items():
        values = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(v, str | bytes) for v in values):
            encoded = [v.encode("utf-8") if isinstance(v, str) else v for v in values]
            kind = _proto_bytes(1, b"".join(_proto_bytes(1, v) for v in encoded))
        elif all(isinstance(v, int | np.integer) for v in values):
            packed = b"".join(_proto_varint(int(v)) for v in values)
            kind = _proto_bytes(3, _proto_bytes(1, packed))
        elif all(isinstance(v, float | np.floating) for v in values):
            packed = struct.pack(f"<{len(values)}f", *values)
            kind = _proto_bytes(2, _proto_bytes(1, packed))
        else:
            raise TypeError(f"feature {name!r}: values must all be str/bytes, ints or floats")
        entries += _proto_bytes(1, _proto_bytes(1, name.encode("utf-8")) + _proto_bytes(2, kind))
    return _proto_bytes(1, entries)


def write_tfrecord(records, path: Path) -> Path:
    """A TFRecord file of serialized records (e.g. ``tf_example`` results), framed as
    TensorFlow writes them: length, masked CRC-32C, data, masked CRC-32C."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for record in records:
            length = struct.pack("<Q", len(record))
            handle.write(length + struct.pack("<I", masked_crc32c(length)))
            handle.write(record + struct.pack("<I", masked_crc32c(record)))
    return path
