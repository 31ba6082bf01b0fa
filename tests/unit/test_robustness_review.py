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
