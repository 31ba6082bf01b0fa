"""Hostile input found in a second input-handling review (review1): each case is a clear
calfpump error naming the field, the value and what is allowed, never a traceback from
deep inside and never a silently changed value."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from calfpump.cli import app
from calfpump.errors import ParameterError
from calfpump.programme import parse_block

runner = CliRunner()

HUGE = "9" * 400  # float() of it is inf


# ---- programme lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [f"orthotics from day {HUGE}", f"calf exercise 3/week for {HUGE} weeks",
     f"stockings 20 mmHg until month {HUGE}", "orthotics from week 99999999999999999999"],
    ids=["from day", "for weeks", "until month", "from week 1e20"],
)
def test_a_huge_day_count_in_a_programme_line_is_a_parameter_error(line: str) -> None:
    with pytest.raises(ParameterError, match=r"Invalid programme line .* more than 3650 days"):
        parse_block(line)


@pytest.mark.parametrize("line", ["orthotics from day 2.5", "calf exercise 3/week for 1.5 days",
                                  "stretch calves 7/week until day 10.5"])
def test_a_fractional_day_count_is_refused_not_rounded(line: str) -> None:
    with pytest.raises(ParameterError, match=r"Invalid programme line .* not a whole number of days"):
        parse_block(line)


def test_weeks_and_months_still_round_to_whole_days() -> None:
    assert parse_block("orthotics from day 14").start_day == 14
    assert parse_block("calf exercise 3/week for 6 months").stop_day == 183
    assert parse_block("orthotics from week 0.5").start_day == 4


def test_the_programme_command_reports_a_huge_day_count_as_an_error() -> None:
    res = runner.invoke(app, ["programme", f"orthotics from day {HUGE}", "--days", "10", "--json"])
    assert res.exit_code == 2, res.output
    assert "more than 3650 days" in res.output and "Traceback" not in res.output
