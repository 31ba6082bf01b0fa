"""Small wearable files that the tests build themselves (a CSV, a minimal valid Garmin FIT
file, an Apple Health export), shared by the wearable tests."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fit_file(path: Path, messages: list[tuple[int, list[tuple[int, int, str, int]]]]) -> Path:
    """A minimal valid FIT file: (global message number, [(field, base type, struct fmt, value)])."""
    import struct

    from fitdecode.utils import compute_crc

    body, local = b"", {}
    for gnum, fields in messages:
        key = (gnum, tuple(f[:3] for f in fields))
        if key not in local:
            local[key] = len(local) % 16
            body += bytes([0x40 | local[key], 0, 0]) + struct.pack("<HB", gnum, len(fields))
            body += b"".join(bytes([n, struct.calcsize("<" + fmt), bt]) for n, bt, fmt, _ in fields)
        body += bytes([local[key]]) + b"".join(struct.pack("<" + f[2], f[3]) for f in fields)
    head = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    data = head + struct.pack("<H", compute_crc(head)) + body
    path.write_bytes(data + struct.pack("<H", compute_crc(data)))
    return path


T_FIT = 1078135200  # FIT time of 2024-02-29 10:00 UTC
FILE_ID = (0, [(0, 0x00, "B", 15)])  # a monitoring file


def fit_info(t: int) -> tuple[int, list[tuple[int, int, str, int]]]:
    return (103, [(253, 0x86, "I", t), (0, 0x86, "I", t + 3600)])  # local time UTC+1


def fit_monitoring(t: int, activity: int, cycles: int) -> tuple[int, list[tuple[int, int, str, int]]]:
    return (55, [(253, 0x86, "I", t), (5, 0x00, "B", activity), (3, 0x86, "I", cycles)])


APPLE_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record)*)>
<!ATTLIST Record type CDATA #REQUIRED value CDATA #IMPLIED>
]>
<HealthData locale="en_DE">
 <ExportDate value="2024-03-02 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def apple(records: list[tuple[str, str, str, str]], extra: str = "") -> str:
    body = "".join(
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{src}" unit="count" '
        f'startDate="{start}" endDate="{end}" value="{value}">\n'
        '  <MetadataEntry key="HKWasUserEntered" value="0"/>\n </Record>\n'
        for src, start, end, value in records
    )
    return APPLE_HEAD + body + extra + "</HealthData>\n"
