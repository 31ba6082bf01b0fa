"""Audit of issue 3 on the command line: stocking classes and person options given as text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


def test_a_stocking_class_runs_as_its_pressure() -> None:
    from calfpump.person import stocking_class_mmHg

    by_class = runner.invoke(app, ["run", "Stand for 5 seconds", "--stocking-class", "RAL II", "--json"])
    assert by_class.exit_code == 0, by_class.output
    mmHg = f"{stocking_class_mmHg('RAL-II'):g}"
    by_value = runner.invoke(app, ["run", "Stand for 5 seconds", "--stocking-mmHg", mmHg, "--json"])
    assert json.loads(by_class.stdout) == json.loads(by_value.stdout)
    bare = runner.invoke(app, ["run", "Stand for 5 seconds", "--json"])
    assert json.loads(bare.stdout) != json.loads(by_class.stdout)


def test_a_stocking_class_and_a_pressure_together_are_one_clear_error() -> None:
    res = runner.invoke(app, ["run", "Stand for 5 seconds", "--stocking-class", "20-30", "--stocking-mmHg", "20"])
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith("error: ") and "not both" in res.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--stocking-mmHg", "20 mmHg"], "allowed: 0 to 60 mmHg"),
        (["--calf-strength", "true"], "allowed: 0 to 2"),
        (["--heel-pain", "six"], "allowed: 0 to 10"),
        (["--ankle-rom-deg", "25deg"], "greater than 0 and at most 80 deg"),
    ],
)
def test_a_person_option_that_is_not_a_number_names_its_value_and_range(args: list[str], expected: str) -> None:
    res = runner.invoke(app, ["run", "Stand for 5 seconds", *args])
    assert res.exit_code == 2 and res.stdout == ""
    assert args[1] in res.stderr and "must be a number" in res.stderr and expected in res.stderr
