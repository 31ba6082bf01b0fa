"""Follow-up input checks: pipes and devices given as input files, a byte-order mark in schedule
text, and the day command's message for a step file with no usable minute."""

from __future__ import annotations

import os
import sys

import pytest
from typer.testing import CliRunner

from calfpump.cli import app
from calfpump.errors import ParameterError, ProtocolError
from calfpump.io import read_toml
from calfpump.schedule import Schedule

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32",
                                reason="needs os.mkfifo")


@needs_fifo
def test_read_toml_refuses_a_pipe_without_opening_it(tmp_path) -> None:
    # a pipe (or /dev/zero) was read forever: 'calfpump run ... --person /dev/zero' hung
    fifo = tmp_path / "person.toml"
    os.mkfifo(fifo)
    with pytest.raises(ParameterError, match=r"person file '.*person\.toml' is not a regular file"):
        read_toml(fifo, "person")
    with pytest.raises(ParameterError, match=r"programme file '.*person\.toml' is not a regular file"):
        read_toml(str(fifo), "programme")


def test_read_toml_still_names_a_missing_file_and_a_folder(tmp_path) -> None:
    with pytest.raises(ParameterError, match=r"cannot read person file '.*nope\.toml': No such file"):
        read_toml(tmp_path / "nope.toml", "person")
    with pytest.raises(ParameterError, match=r"person file '.*' is a folder"):
        read_toml(tmp_path, "person")
    ok = tmp_path / "p.toml"
    ok.write_text("heel_pain = 6\n", encoding="utf-8")
    assert read_toml(ok, "person") == {"heel_pain": 6}


def test_schedule_parse_takes_a_leading_byte_order_mark() -> None:
    # from_file read the file as utf-8-sig, but text given to parse failed on its first line
    s = Schedule.parse("\ufeff09:00-17:00 sit\n23:00-07:00 lie")
    assert str(s) == "09:00-17:00 sit\n23:00-07:00 lie"
    assert str(Schedule.parse("\ufeff# office\n9:00-17:00 sit")) == "09:00-17:00 sit"
    with pytest.raises(ProtocolError, match="schedule line 2"):  # only a leading one
        Schedule.parse("09:00-17:00 sit\n\ufeff23:00-07:00 lie")


@needs_fifo
def test_schedule_from_file_refuses_a_pipe_without_opening_it(tmp_path) -> None:
    fifo = tmp_path / "week.txt"
    os.mkfifo(fifo)
    with pytest.raises(ProtocolError, match=r"schedule file '.*week\.txt' is not a regular file"):
        Schedule.from_file(fifo)


def test_schedule_from_file_names_a_folder_and_a_missing_file(tmp_path) -> None:
    with pytest.raises(ProtocolError, match=r"schedule file '.*' is a folder"):
        Schedule.from_file(tmp_path)
    with pytest.raises(ProtocolError, match=r"schedule file '.*nope\.txt': no such file"):
        Schedule.from_file(tmp_path / "nope.txt")


def _steps_csv(tmp_path, text: str) -> str:
    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps\n" + text, encoding="utf-8")
    return str(path)


def test_cli_day_without_date_does_not_blame_date(tmp_path) -> None:
    # every minute over 300 steps (marked unknown): the error began "--date: no step data on ..."
    # though no --date was given
    path = _steps_csv(tmp_path, "2024-03-01T08:00:00Z,5000\n2024-03-01T08:01:00Z,4000\n")
    r = CliRunner().invoke(app, ["day", "--steps", path])
    assert r.exit_code == 2
    assert "--date" not in r.output
    assert "no minute with a usable step count" in r.output and "steps.csv" in r.output


def test_cli_day_with_date_still_names_date(tmp_path) -> None:
    path = _steps_csv(tmp_path, "2024-03-01T08:00:00Z,100\n2024-03-02T08:00:00Z,90\n")
    r = CliRunner().invoke(app, ["day", "--steps", path, "--date", "2024-03-05"])
    assert r.exit_code == 2
    assert "--date: no step data on 2024-03-05" in r.output and "2024-03-01 to 2024-03-02" in r.output


def test_schedule_from_file_names_a_path_with_a_nul(tmp_path) -> None:
    with pytest.raises(ProtocolError, match=r"schedule file .*: cannot read \(embedded null"):
        Schedule.from_file(str(tmp_path / "a\0b.txt"))  # was a bare ValueError
