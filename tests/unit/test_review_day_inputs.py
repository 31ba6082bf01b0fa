"""Review of the day inputs (step files, schedules): each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from calfpump import DataError, read_steps


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("end", ["2024-03-01T07:00Z", "2024-03-01T08:00Z"])
def test_csv_end_not_after_start_is_an_error(tmp_path: Path, end: str) -> None:
    # the check was unreachable (it sat after a raise): the row's 60 steps went silently into
    # the start minute, as if the end were empty
    path = write(tmp_path, "s.csv", f"timestamp,steps,end\n2024-03-01T07:59Z,1,\n2024-03-01T08:00Z,60,{end}\n")
    with pytest.raises(DataError, match=rf"line 3: end = '{end}' is not after timestamp = "
                                        r"'2024-03-01T08:00Z'; allowed: an end later"):
        read_steps(path)


def test_csv_column_given_twice_is_an_error(tmp_path: Path) -> None:
    # 'timestamp,steps,steps' silently used the first steps column
    path = write(tmp_path, "s.csv", "timestamp,steps,Steps\n2024-03-01T08:00Z,1,200\n")
    with pytest.raises(DataError, match=r"line 1: header .* has column 'steps' 2 times"):
        read_steps(path)


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_csv_other_separator_is_named(tmp_path: Path, sep: str, name: str) -> None:
    path = write(tmp_path, "s.csv", f"timestamp{sep}steps\n2024-03-01T08:00Z{sep}5\n")
    with pytest.raises(DataError, match=rf"lacks column\(s\) .* separated by {name}; write commas"):
        read_steps(path)
