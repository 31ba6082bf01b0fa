"""Posture schedules, and the minute table that joins them with step data."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calfpump import ParameterError, ProtocolError, Schedule, StepSeries, minute_table

WEEKDAY = """
# a weekday
09:00-17:00 sit      # office
17:00-23:00 stand
23:00-07:00 lie
"""


def test_parse_wraps_past_midnight_and_fills_default() -> None:
    s = Schedule.parse(WEEKDAY)
    p = s.posture_by_minute()
    assert p.shape == (1440,)
    assert p[0] == "lie" and p[6 * 60 + 59] == "lie" and p[23 * 60] == "lie"
    assert p[7 * 60] == "sit" and p[8 * 60 + 59] == "sit"  # 07:00-09:00: the default
    assert p[9 * 60] == "sit" and p[17 * 60] == "stand" and p[22 * 60 + 59] == "stand"
    assert s.posture_by_minute(default="stand")[8 * 60] == "stand"
    covered = s.covered_by_minute()
    assert covered.sum() == 1440 - 120 and not covered[7 * 60]
    assert str(s) == "09:00-17:00 sit\n17:00-23:00 stand\n23:00-07:00 lie"


def test_whole_day_end_24_00_and_legs_raised() -> None:
    s = Schedule.parse("00:00-24:00 legs-raised")
    assert set(s.posture_by_minute().tolist()) == {"legs-raised"}
    s = Schedule.parse("12:00 - 24:00 Stand")
    assert s.posture_by_minute()[-1] == "stand" and s.posture_by_minute()[0] == "sit"


def test_empty_schedule_and_immutability() -> None:
    s = Schedule.parse("# nothing\n\n")
    assert s.blocks == () and set(s.posture_by_minute("lie").tolist()) == {"lie"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.blocks = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("09:00-17:00 sit\n25:00-26:00 lie", r"line 2 '25:00-26:00 lie': time '25:00' is not a time"),
        ("09:60-10:00 sit", r"line 1 .*'09:60' is not a time of day"),
        ("9-17 sit", r"line 1 '9-17 sit': time '9' is not HH:MM"),
        ("08:00-08:00 sit", r"line 1 .*starts and ends at 08:00, so it is empty"),
        ("08:00-09:00 jog", r"line 1 .*posture 'jog' is unknown; allowed: lie, legs-raised, sit, stand"),
        ("08:00-09:00 walk", r"posture 'walk' is not allowed: walking comes from the step data"),
        ("sit all day", r"line 1 'sit all day': expected 'HH:MM-HH:MM posture'"),
        ("24:00-01:00 lie", r"time '24:00' is not a time of day"),
    ],
)
def test_errors_quote_line_and_show_an_example(text: str, match: str) -> None:
    with pytest.raises(ProtocolError, match=match) as info:
        Schedule.parse(text)
    assert "e.g. '09:00-17:00 sit'" in str(info.value)


def test_overlapping_blocks_name_both_lines() -> None:
    text = "# day\n09:00-17:00 sit\n22:00-08:00 lie\n07:30-09:30 stand\n"
    with pytest.raises(ProtocolError, match=r"line 4 '07:30-09:30 stand' overlaps line 3 "
                                            r"'22:00-08:00 lie' \(both cover 07:30\)"):
        Schedule.parse(text)


def test_from_file(tmp_path: Path) -> None:
    path = tmp_path / "week.txt"
    path.write_text(WEEKDAY, encoding="utf-8")
    assert Schedule.from_file(path) == Schedule.parse(WEEKDAY)
    path.write_text("08:00-09:00 hop\n", encoding="utf-8")
    with pytest.raises(ProtocolError, match=r"week.txt'.*line 1"):
        Schedule.from_file(path)
    with pytest.raises(ProtocolError, match="no such file"):
        Schedule.from_file(tmp_path / "missing.txt")
    path.write_bytes(b"\xff\xfe08:00")
    with pytest.raises(ProtocolError, match="not UTF-8"):
        Schedule.from_file(path)


def test_bad_default_posture() -> None:
    with pytest.raises(ParameterError, match="default = 'walk' is not a posture"):
        Schedule.parse(WEEKDAY).posture_by_minute(default="walk")


# --------------------------------------------------------------------------- minute_table


def series(start: str, values: list[float], tz: str = "Europe/Berlin") -> StepSeries:
    idx = pd.date_range(start, periods=len(values), freq="min", tz=tz)
    return StepSeries(pd.Series(values, index=idx, dtype=float), "csv")


def test_minute_table_joins_steps_and_schedule() -> None:
    steps = series("2024-03-01 08:58", [0.0, 100.0, 110.0, math.nan])
    table = minute_table(steps, Schedule.parse(WEEKDAY))
    assert list(table.columns) == ["time", "steps", "posture", "posture_source"]
    assert len(table) == 1440
    assert table["time"].iloc[0] == pd.Timestamp("2024-03-01 00:00", tz="Europe/Berlin")
    row = table.set_index(table["time"].dt.strftime("%H:%M"))
    assert row.loc["08:59", "steps"] == 100.0 and row.loc["08:59", "posture"] == "sit"
    assert row.loc["08:59", "posture_source"] == "assumed"
    assert row.loc["09:00", "posture_source"] == "schedule"
    assert math.isnan(row.loc["09:01", "steps"]) and math.isnan(row.loc["12:00", "steps"])
    assert row.loc["03:00", "posture"] == "lie"
    assert table["steps"].sum() == 210.0


def test_minute_table_without_schedule_or_steps() -> None:
    steps = series("2024-03-01 08:00", [50.0])
    table = minute_table(steps, None, unknown="stand")
    assert set(table["posture"]) == {"stand"} and set(table["posture_source"]) == {"assumed"}
    empty = minute_table(None, Schedule.parse(WEEKDAY), date="2024-03-01", tz="Europe/Berlin")
    assert len(empty) == 1440 and empty["steps"].isna().all()
    assert str(empty["time"].iloc[0]) == "2024-03-01 00:00:00+01:00"
    with pytest.raises(ParameterError, match="a date is required"):
        minute_table(None, None)
    with pytest.raises(ParameterError, match="unknown = 'walk' is not a posture"):
        minute_table(steps, None, unknown="walk")


def test_minute_table_on_a_dst_day_follows_the_wall_clock() -> None:
    steps = series("2024-03-31 01:59", [10.0, 20.0])  # 01:59 CET, then 03:00 CEST
    table = minute_table(steps, Schedule.parse("02:30-03:30 stand"), date="2024-03-31")
    assert len(table) == 1380
    wall = table["time"].dt.strftime("%H:%M").to_numpy()
    assert "02:30" not in wall
    stand = table.loc[table["posture"] == "stand", "time"].dt.strftime("%H:%M")
    assert stand.iloc[0] == "03:00" and len(stand) == 30
    assert np.array_equal(table["steps"].dropna().to_numpy(), [10.0, 20.0])
