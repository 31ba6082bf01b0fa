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
