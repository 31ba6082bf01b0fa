"""Review of the day inputs (step files, schedules): each test failed before its fix."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from wearable_files import (  # tests/unit/wearable_files.py
    FILE_ID,
    T_FIT,
    apple,
    fit_file,
    fit_monitoring,
    write,
)

from calfpump import DataError, ParameterError, ProtocolError, StepSeries, read_steps
from calfpump.schedule import Block, Schedule
from calfpump.timeline import minute_table

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


# --------------------------------------------------------------------------- Garmin FIT


def _fit(tmp_path: Path, name: str, local_offset_s: int) -> Path:
    info = (103, [(253, 0x86, "I", T_FIT), (0, 0x86, "I", T_FIT + local_offset_s)])
    return fit_file(tmp_path / name, [FILE_ID, info, fit_monitoring(T_FIT + 60, 6, 100),
                                      fit_monitoring(T_FIT + 120, 6, 150)])


@pytest.mark.parametrize(("offset_h", "shown"), [(2400, r"\+2400 h"), (20, r"\+20 h"), (-13, "-13 h")])
def test_fit_local_timestamp_far_from_timestamp_is_not_a_time_zone(tmp_path: Path, offset_h: int, shown: str) -> None:
    # a local_timestamp days off raised a bare ValueError from datetime.timezone; one 20 h off
    # was taken as the time zone UTC+20:00, moving the day; now it is ignored, and said so
    s = read_steps(_fit(tmp_path, "off.fit", offset_h * 3600))
    assert s.steps.tolist() == [100.0, 50.0] and str(s.tz) == "UTC"
    assert any(re.fullmatch(rf"a monitoring_info message's local_timestamp \(\d+\) is {shown} from its timestamp "
                            r"\(\d+\), not a UTC offset \(-12:00 to \+14:00\): ignored; series kept in UTC; "
                            r"pass tz .*", n) for n in s.notes), s.notes
    assert str(read_steps(_fit(tmp_path, "ok.fit", 14 * 3600)).steps.index[0]) == "2024-03-01 00:00:00+14:00"


# --------------------------------------------------------------------------- Apple Health


@pytest.mark.parametrize("unit", ["km", "count/min", ""])
def test_apple_step_record_in_another_unit_is_an_error(tmp_path: Path, unit: str) -> None:
    # unit="km" or "count/min" was read as a number of steps, silently
    text = apple([("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:01:00 +0100", "5")])
    path = write(tmp_path, "export.xml", text.replace('unit="count"', f'unit="{unit}"'))
    with pytest.raises(DataError, match=rf"line 9: step record \(sourceName='Watch', .*\): unit = "
                                        rf"'{re.escape(unit)}' is not a step count; allowed: 'count'"):
        read_steps(path)
    missing = write(tmp_path, "no-unit.xml", text.replace('unit="count" ', ""))
    assert read_steps(missing).steps.tolist() == [5.0]


# --------------------------------------------------------------------------- report --steps


def test_report_steps_file_without_a_usable_minute_is_an_error(tmp_path: Path) -> None:
    # every minute over 300 steps (marked unknown): the report's "recorded" day was 24 hours
    # of sitting; calfpump day refuses such a day
    from calfpump import Person
    from calfpump.report import build_report

    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,5000\n2024-03-01T08:01Z,4000\n")
    with pytest.raises(DataError, match=r"s.csv': no minute with a usable step count \(every minute "
                                        r"unknown: 2 minute\(s\) over 300 steps marked unknown"):
        build_report(Person(), steps_file=path)


# --------------------------------------------------------------------------- the Python API


def _minutes(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2024-03-01 08:00", periods=n, freq="min", tz="Europe/Berlin")


@pytest.mark.parametrize(
    ("values", "match"),
    [(["a", "b"], r"holds 'a' \(str\), not a number"),
     (["1", "2"], r"holds '1' \(str\), not a number"),
     ([True, False], r"holds np.True_ \(bool\), not a number"),
     ([1 + 0j, 2], r"holds .*\(complex128\), not a number"),
     ([-1.0, 2.0], r"at 2024-03-01 08:00:00\+01:00 is -1.0; allowed: steps per minute >= 0"),
     ([1.0, math.inf], r"at 2024-03-01 08:01:00\+01:00 is inf; allowed")],
)
def test_step_series_values_must_be_step_counts(values: list[object], match: str) -> None:
    # text raised "ValueError: could not convert string to float" from deep in minute_table;
    # a negative count, a truth value or a complex number went into the day unnoticed
    with pytest.raises(ParameterError, match=rf"StepSeries.steps {match}"):
        StepSeries(pd.Series(values, index=_minutes(len(values))), "csv")


def test_step_series_integers_and_missing_values_become_floats() -> None:
    # nullable integers (pd.NA) made total_steps raise "cannot convert to float NumPy array"
    s = StepSeries(pd.Series(pd.array([1, pd.NA, 3], dtype="Int64"), index=_minutes(3)), "csv")
    assert s.steps.dtype == np.float64 and s.total_steps == 4.0 and s.known_minutes == 2
    with pytest.raises(ParameterError, match="must be a pandas Series, not list"):
        StepSeries([1.0], "csv")  # type: ignore[arg-type]


def test_empty_step_series_has_no_busiest_day() -> None:
    # IndexError: list index out of range
    empty = StepSeries(pd.Series([], index=_minutes(0), dtype=float), "csv")
    with pytest.raises(ParameterError, match="holds no minutes.*give the date"):
        empty.day()
    assert len(empty.day("2024-03-01")) == 1440


def test_minute_table_and_schedule_file_refuse_wrong_types(tmp_path: Path) -> None:
    # AttributeError: 'str' object has no attribute 'posture_by_minute' (or 'day'); TypeError
    steps = StepSeries(pd.Series([1.0], index=_minutes(1)), "csv")
    with pytest.raises(ParameterError, match="schedule must be a Schedule .* not str"):
        minute_table(steps, "09:00-17:00 sit")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="steps must be a StepSeries .* not DataFrame"):
        minute_table(steps.to_pandas(), None)  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="a schedule file must be a path, not NoneType"):
        Schedule.from_file(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- schedule files


@pytest.mark.parametrize("text", ["", "\n\n", "# weekday\n# 09:00-17:00 sit\n", "\ufeff  \n"])
def test_schedule_file_without_blocks_is_an_error(tmp_path: Path, text: str) -> None:
    # an empty (or all-comment) --schedule file was read as "no schedule", silently: every
    # minute without steps became the assumed posture while the user thought a schedule applied
    path = write(tmp_path, "week.txt", text)
    with pytest.raises(ProtocolError, match=r"schedule file '.*week.txt' holds no blocks \(only blank lines or "
                                            r"comments\); allowed: one block per line, e.g. '09:00-17:00 sit'"):
        Schedule.from_file(path)
    assert Schedule.parse(text.lstrip("\ufeff")) == Schedule()  # text given in code may hold none


def test_apple_records_of_one_source_overlapping_in_time_are_noted(tmp_path: Path) -> None:
    # the same source, the same 10 minutes, 500 and 480 steps: 980 steps, and no word of it
    # (a CSV with the same time twice and two counts is an error)
    path = write(tmp_path, "export.xml", apple([
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:10:00 +0100", "500"),
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:10:00 +0100", "480"),
        ("Watch", "2024-03-01 09:00:00 +0100", "2024-03-01 09:10:00 +0100", "100"),
        ("Watch", "2024-03-01 09:10:00 +0100", "2024-03-01 09:20:00 +0100", "100")]))  # touching: fine
    s = read_steps(path)
    assert s.total_steps == pytest.approx(1180.0)  # the numbers are not changed, only said
    assert any(n.startswith("1 record(s) overlap in time an earlier record of the same source (first: "
                            "'Watch' at 2024-03-01 07:00:00+00:00)") for n in s.notes)


# --------------------------------------------------------------------------- read_steps paths


def test_read_steps_path_problems_are_data_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # None or bytes gave TypeError; a name too long OSError (errno 36); a pipe "no such file";
    # an unreadable file a PermissionError traceback
    for bad in (None, b"steps.csv", 5):
        with pytest.raises(ParameterError, match=r"path = .* is not a file path; allowed: a str or pathlib.Path"):
            read_steps(bad)  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"cannot read the file \(File name too long\)"):
        read_steps(tmp_path / ("x" * 5000))
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match=r"fifo.csv' is not a regular file \(a pipe, device or socket\)"):
        read_steps(fifo)
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,5\n")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DataError, match=r"s.csv': cannot read the file \(Permission denied\)"):
        read_steps(path)


# --------------------------------------------------------------------------- days the clocks change


@pytest.mark.parametrize(("day", "minutes"), [("2024-11-03", 1500), ("2024-11-02", 1440)])
def test_a_midnight_that_happens_twice_starts_the_day(day: str, minutes: int) -> None:
    # Cuba's clocks go back from 01:00 to 00:00: StepSeries.day and minute_table raised
    # "ValueError: Cannot infer dst time from 2024-11-03 00:00:00" (pandas) for that day and
    # the day before
    idx = pd.date_range(f"{day} 08:00", periods=2, freq="min", tz="America/Havana")
    s = StepSeries(pd.Series([1.0, 2.0], index=idx), "csv")
    for times in (s.day(day).steps.index, pd.DatetimeIndex(minute_table(None, None, date=day,
                                                                        tz="America/Havana")["time"])):
        assert len(times) == minutes
        assert str(times[0]) == f"{day} 00:00:00-04:00"  # the first of the two midnights
    assert s.day(day).total_steps == 3.0


def test_a_huge_value_is_shown_cut_in_the_message(tmp_path: Path) -> None:
    # a 100 000-character steps field (the CSV limit is 131 072) was quoted whole: an error
    # message of 100 kB
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z," + "9" * 100_000 + "x\n")
    with pytest.raises(DataError, match=r"line 2: steps = '9{50,60}\.\.\. is not a number") as info:
        read_steps(path)
    assert len(str(info.value)) < 300
    stamp = write(tmp_path, "t.csv", "timestamp,steps\n" + "2" * 100_000 + ",5\n")
    with pytest.raises(DataError, match=r"line 2: timestamp = '2{50,60}\.\.\. is not a valid time") as info:
        read_steps(stamp)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("name", ["end_time", "endDate", "Stop", "end timestamp"])
def test_csv_end_column_under_another_name_is_an_error(tmp_path: Path, name: str) -> None:
    # 'timestamp,end_time,steps' with hourly totals: end_time was ignored as an extra column and
    # each hour's 250 steps went into its first minute (a minute of brisk walking), silently
    path = write(tmp_path, "s.csv", f"timestamp,{name},steps\n2024-03-01T08:00Z,2024-03-01T09:00Z,250\n")
    with pytest.raises(DataError, match=rf"line 1: column '{name}' looks like the end of each row's "
                                        "interval, but only a column named 'end' is read as one"):
        read_steps(path)
    other = write(tmp_path, "t.csv", "timestamp,steps,device,weekend\n2024-03-01T08:00Z,25,watch,no\n")
    assert read_steps(other).steps.tolist() == [25.0]  # other extra columns are still ignored


def test_csv_rows_an_hour_apart_are_noted(tmp_path: Path) -> None:
    # hourly totals of 250 steps without an end column: each became one minute of brisk walking
    # and 59 unknown minutes, silently
    rows = "".join(f"2024-03-01T{h:02d}:00Z,250\n" for h in range(8, 12))
    s = read_steps(write(tmp_path, "s.csv", "timestamp,steps\n" + rows))
    assert s.total_steps == 1000.0 and s.known_minutes == 4  # the numbers are not changed
    assert any(n.startswith("rows are a median 60 minutes apart: each row's steps are put in its own "
                            "minute") and "add an 'end' column" in n for n in s.notes)
    minutes = "".join(f"2024-03-01T08:{m:02d}Z,90\n" for m in range(0, 30, 2))
    assert read_steps(write(tmp_path, "m.csv", "timestamp,steps\n" + minutes)).notes == ()


def test_apple_records_overlapping_over_years_are_refused_before_spreading(tmp_path: Path) -> None:
    # two records of one source over the same 16 years (a corrupt or crafted export) were spread
    # into 17 million minute entries, gigabytes; 30 of them would have exhausted the memory
    path = write(tmp_path, "export.xml", apple([
        ("Watch", "2000-01-01 00:00:00 +0000", "2016-01-01 00:00:00 +0000", "5"),
        ("Watch", "2000-01-01 00:00:00 +0000", "2016-01-01 00:00:00 +0000", "7")]))
    with pytest.raises(DataError, match=r"export.xml', source 'Watch': 2 record\(s\) overlap so much that "
                                        r"spreading them .* would take 16,830,720 minute entries"):
        read_steps(path)


def test_a_count_near_the_float_limit_is_marked_unknown_without_a_warning(tmp_path: Path) -> None:
    # "RuntimeWarning: overflow encountered in multiply" was printed (on stderr of calfpump day)
    import warnings

    path = write(tmp_path, "s.csv", "timestamp,steps,end\n2024-03-01T08:00Z,1e308,2024-03-01T08:10Z\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = read_steps(path)
    assert s.known_minutes == 0 and any("over 300 steps marked unknown" in n for n in s.notes)


def test_minute_table_refuses_a_tz_other_than_the_series_zone(tmp_path: Path) -> None:
    # minute_table(steps_in_utc, schedule, tz="Europe/Berlin") ignored tz: the schedule ran on
    # UTC clocks, an hour off, and nothing said so
    steps = read_steps(write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,50\n"))
    with pytest.raises(ParameterError, match=r"tz = 'Europe/Berlin' differs from the step series' zone 'UTC'"):
        minute_table(steps, None, tz="Europe/Berlin")
    assert len(minute_table(steps, None, tz="+00:00")) == len(minute_table(steps, None)) == 1440


@pytest.mark.parametrize(
    ("args", "match"),
    [((-5, 600, "sit"), r"Block.start_min = -5 is not a minute of the day; allowed: a whole number 0 to 1439"),
     ((0, 2000, "sit"), r"Block.end_min = 2000 is not a minute of the day; allowed: a whole number 0 to 1440"),
     ((10.5, 600, "sit"), r"Block.start_min = 10.5 is not a minute"),
     ((100, 100, "sit"), r"Block from minute 100 to 100 is empty"),
     ((0, 600, "walk"), r"Block.posture = 'walk' is not a posture")],
)
def test_blocks_made_in_code_are_checked(args: tuple[object, object, str], match: str) -> None:
    # Block(-5, 2000, "sit") was accepted and posture_by_minute raised IndexError; a posture
    # 'walk' went into the minute table, and day_protocol refused it far from its cause
    with pytest.raises(ProtocolError, match=match):
        Schedule((Block(*args),)).posture_by_minute()  # type: ignore[arg-type]


def test_schedule_made_in_code_refuses_overlaps_and_other_things() -> None:
    # Schedule((Block(0, 600, "sit"), Block(500, 700, "lie"))) was taken, the later block winning
    with pytest.raises(ProtocolError, match=r"block '08:20-11:40 lie' overlaps block '00:00-10:00 sit'"):
        Schedule((Block(0, 600, "sit"), Block(500, 700, "lie")))
    with pytest.raises(ProtocolError, match="Schedule.blocks holds str, not a Block"):
        Schedule(("09:00-17:00 sit",))  # type: ignore[arg-type]
    whole = Schedule((Block(0, 1440, "lie"),))
    assert whole.covered_by_minute().all() and str(whole) == "00:00-24:00 lie"


def test_report_day_parts_and_reference_are_checked() -> None:
    # default_day({"evening": "Sit for 1 hour"}) took the text letter by letter ('S', 'i', ...);
    # a list gave "ValueError: dictionary update sequence element"; reference="x" AttributeError
    from calfpump import Person
    from calfpump.report import build_report, default_day

    with pytest.raises(ParameterError, match=r"day part 'evening' = 'Sit for 1 hour' must be a list of steps"):
        default_day({"evening": "Sit for 1 hour"})
    with pytest.raises(ParameterError, match="changes must map day parts to lists of steps, not list"):
        default_day(["evening"])  # type: ignore[arg-type]
    assert default_day({"evening": ("Sit for 4.5 hours",)})[-2:] == ("Sit for 4.5 hours", "Lie for 8 hours")
    with pytest.raises(ParameterError, match="reference must be a calfpump.Person, not str"):
        build_report(Person(), reference="x")  # type: ignore[arg-type]


def test_a_tz_object_is_told_to_be_given_by_name(tmp_path: Path) -> None:
    # tz=ZoneInfo("Europe/Berlin") was answered "... is not a time zone", which it is
    import zoneinfo

    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,5\n")
    with pytest.raises(ParameterError, match=r"tz = zoneinfo.ZoneInfo\(key='Europe/Berlin'\) is not the name of a "
                                             r"time zone; allowed: a str such as 'Europe/Berlin'"):
        read_steps(path, tz=zoneinfo.ZoneInfo("Europe/Berlin"))  # type: ignore[arg-type]
