"""Review of the day inputs (step files, schedules): each test failed before its fix."""

from __future__ import annotations

import re
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


# --------------------------------------------------------------------------- Garmin FIT


def _fit(tmp_path: Path, name: str, local_offset_s: int) -> Path:
    from test_wearables import FILE_ID, T_FIT, fit_file, fit_monitoring

    info = (103, [(253, 0x86, "I", T_FIT), (0, 0x86, "I", T_FIT + local_offset_s)])
    return fit_file(tmp_path / name, [FILE_ID, info, fit_monitoring(T_FIT + 60, 6, 100),
                                      fit_monitoring(T_FIT + 120, 6, 150)])


@pytest.mark.parametrize(("offset_h", "shown"), [(2400, r"\+2400 h"), (20, r"\+20 h"), (-13, "-13 h")])
def test_fit_local_timestamp_far_from_timestamp_is_an_error(tmp_path: Path, offset_h: int, shown: str) -> None:
    # a corrupted local_timestamp (days off) raised a bare ValueError from datetime.timezone; one
    # 20 h off was taken as the time zone UTC+20:00, moving the day
    path = _fit(tmp_path, "off.fit", offset_h * 3600)
    with pytest.raises(DataError, match=rf"off.fit': a monitoring_info message has local_timestamp = "
                                        rf"\d+, {shown} from its timestamp .*-12:00 to \+14:00"):
        read_steps(path)
    assert str(read_steps(_fit(tmp_path, "ok.fit", 14 * 3600)).steps.index[0]) == "2024-03-01 00:00:00+14:00"


# --------------------------------------------------------------------------- Apple Health


@pytest.mark.parametrize("unit", ["km", "count/min", ""])
def test_apple_step_record_in_another_unit_is_an_error(tmp_path: Path, unit: str) -> None:
    # unit="km" or "count/min" was read as a number of steps, silently
    from test_wearables import apple

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
