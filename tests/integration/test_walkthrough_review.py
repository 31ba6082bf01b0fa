"""Defects found by following the README and docs/ literally as a new user (walkthrough review)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


def test_programme_help_names_the_block_tables() -> None:
    # docs/programme.md: a programme file holds `lines = [...]` and/or `[[block]]` tables; the help
    # said "and/or [] tables" (Rich read "[block]" as a style tag and dropped it)
    res = runner.invoke(app, ["programme", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    text = re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", res.output))
    assert "lines = [...] and/or [[block]] tables" in text


def _two_minutes_csv(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps\n2024-03-01T08:00:00+01:00,96\n2024-03-01T08:01:00+01:00,104\n",
                    encoding="utf-8")
    return path


def test_day_note_names_the_schedule_only_when_one_is_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `calfpump day --steps steps.csv --unknown stand` (no --schedule) said "minutes without steps
    # follow the schedule, else stand": there is no schedule, every such minute is stood
    steps = _two_minutes_csv(tmp_path)
    res = runner.invoke(app, ["day", "--steps", str(steps), "--unknown", "stand", "--json"])
    assert res.exit_code == 0, res.output
    note = next(line for line in res.stderr.splitlines() if line.startswith("note: day"))
    assert "schedule" not in note.replace("--schedule", ""), note
    assert note.endswith("minutes without steps: stand (no --schedule)"), note
    week = tmp_path / "week.txt"
    week.write_text("09:00-17:00 sit\n", encoding="utf-8")
    res = runner.invoke(app, ["day", "--steps", str(steps), "--schedule", str(week), "--json"])
    assert res.exit_code == 0, res.output
    note = next(line for line in res.stderr.splitlines() if line.startswith("note: day"))
    assert note.endswith("minutes without steps follow the schedule, else sit"), note


def test_programme_progress_bar_leaves_no_blank_line_when_not_a_terminal() -> None:
    # `calfpump programme ... 2>&1 | less` (or a log file) began with an empty line: the transient
    # progress bar, drawn only on a terminal, still wrote a newline when stderr was not one
    res = runner.invoke(app, ["programme", "--days", "2", "--apg-every-days", "2"])
    assert res.exit_code == 0, res.output
    assert res.stderr == "", repr(res.stderr)
    res = runner.invoke(app, ["programme", "--days", "0"])
    assert res.exit_code == 2
    assert res.stderr.startswith("error: days = 0"), repr(res.stderr)
