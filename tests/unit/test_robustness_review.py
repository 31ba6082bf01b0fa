"""Robustness review: bad input files and output paths get a clear error, not a late failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from calfpump.errors import OutputError


# ---- the report folder ---------------------------------------------------------------------
@pytest.mark.parametrize("dangling", [False, True])
def test_report_folder_given_as_a_symbolic_link_is_written_through(tmp_path: Path, dangling: bool) -> None:
    # --out LINK, LINK -> an empty (or not yet made) folder: check_output_dir let it pass, then,
    # after the minutes-long build, renaming the temporary folder onto the link failed with
    # 'Not a directory'; a link is written through, as atomic_write writes through a file's link
    from calfpump.report import NUMBERS_FILE, REPORT_FILE, _write_folder, check_output_dir

    real = tmp_path / "real"
    if not dangling:
        real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    check_output_dir(link, False)
    path = _write_folder(link, {REPORT_FILE: "<!DOCTYPE html>", NUMBERS_FILE: "{}"}, False)
    assert link.is_symlink() and (real / REPORT_FILE).read_text(encoding="utf-8") == "<!DOCTYPE html>"
    assert path.read_text(encoding="utf-8") == "<!DOCTYPE html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]  # no temporary folder left


def test_report_folder_link_to_a_folder_with_files_still_needs_force(tmp_path: Path) -> None:
    from calfpump.report import check_output_dir

    real = tmp_path / "real"
    real.mkdir()
    (real / "notes.txt").write_text("mine", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    with pytest.raises(OutputError, match="holds 1 file"):
        check_output_dir(link, False)


# ---- wearable files of a format that is not read --------------------------------------------
def _parquet_bytes() -> bytes:
    import io

    import pandas as pd

    buf = io.BytesIO()
    pd.DataFrame({"timestamp": ["2024-03-01T08:00:00"], "steps": [90]}).to_parquet(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("steps.parquet", None, "Parquet"),
    ("steps", None, "Parquet"),  # no ending: told by its first bytes
    ("steps.json", b'[{"timestamp": "2024-03-01T08:00:00", "steps": 90}]', "JSON"),
    ("steps.txt", b'\n  {"timestamp": "2024-03-01T08:00:00", "steps": 90}\n', "JSON"),
    ("steps.xlsx", b"PK\x03\x04" + b"\0" * 40, "spreadsheet"),
])
def test_a_step_file_of_another_format_is_named_with_what_is_read(
        tmp_path: Path, name: str, content: bytes | None, said: str) -> None:
    # a Parquet file was read as CSV: "not a UTF-8 text file (invalid start byte at byte 21)";
    # a JSON file: "header ['[{\"timestamp\": ...'] lacks column(s) ['timestamp', 'steps']";
    # an .xlsx: "a zip archive; unzip it and give the file inside"
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / name
    path.write_bytes(_parquet_bytes() if content is None else content)
    with pytest.raises(DataError) as info:
        read_steps(path)
    text = str(info.value)
    assert said in text and repr(str(path)) in text
    assert "allowed: a CSV file" in text and "FIT" in text and "Apple Health" in text
