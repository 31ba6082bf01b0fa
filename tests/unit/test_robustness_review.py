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


# ---- wearable files of a format that is not read --------------------------------------------
def _parquet_bytes() -> bytes:
    import io

    import pandas as pd

    buf = io.BytesIO()
    pd.DataFrame({"timestamp": ["2024-03-01T08:00:00"], "steps": [90]}).to_parquet(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("steps.parquet", None, "Parquet"),
    ("steps", None, "Parquet"),  # no ending: told by its first bytes
    ("steps.json", b'[{"timestamp": "2024-03-01T08:00:00", "steps": 90}]', "JSON"),
    ("steps.txt", b'\n  {"timestamp": "2024-03-01T08:00:00", "steps": 90}\n', "JSON"),
    ("steps.xlsx", b"PK\x03\x04" + b"\0" * 40, "spreadsheet"),
])
def test_a_step_file_of_another_format_is_named_with_what_is_read(
        tmp_path: Path, name: str, content: bytes | None, said: str) -> None:
    # a Parquet file was read as CSV: "not a UTF-8 text file (invalid start byte at byte 21)";
    # a JSON file: "header ['[{\"timestamp\": ...'] lacks column(s) ['timestamp', 'steps']";
    # an .xlsx: "a zip archive; unzip it and give the file inside"
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / name
    path.write_bytes(_parquet_bytes() if content is None else content)
    with pytest.raises(DataError) as info:
        read_steps(path)
    text = str(info.value)
    assert said in text and repr(str(path)) in text
    assert "allowed: a CSV file" in text and "FIT" in text and "Apple Health" in text


# ---- programme files ---------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "\n\n", "# my plan, to be written\n"])
def test_a_programme_file_with_nothing_in_it_is_refused(tmp_path: Path, text: str) -> None:
    # an empty file (or comments only) was read as the natural course: with --exercise-per-week
    # the run went on without the file's plan and said nothing (an empty schedule file is refused)
    from calfpump.errors import ParameterError
    from calfpump.programme import Programme

    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=r"'.*plan\.toml' holds nothing.*allowed: lines ="):
        Programme.from_toml(path)


def test_an_explicitly_empty_programme_file_is_the_natural_course(tmp_path: Path) -> None:
    from calfpump.programme import Programme

    path = tmp_path / "plan.toml"
    path.write_text("lines = []\n", encoding="utf-8")
    assert Programme.from_toml(path).blocks == ()


def test_a_bad_line_of_a_programme_file_names_the_file_and_the_line(tmp_path: Path) -> None:
    # "Invalid programme line 'fly to the moon'; ..." named neither the file nor which line
    from calfpump.errors import ParameterError
    from calfpump.programme import Programme

    path = tmp_path / "plan.toml"
    path.write_text('lines = ["calf exercise 3/week for 26 weeks", "fly to the moon"]\n', encoding="utf-8")
    with pytest.raises(ParameterError, match=r"programme file '.*plan\.toml', lines\[2\]: .*'fly to the moon'"):
        Programme.from_toml(path)


def test_overlapping_blocks_error_stays_short(tmp_path: Path) -> None:
    # 2000 copies of one line: the error listed every block's label, 72,000 characters
    from calfpump.errors import ParameterError
    from calfpump.programme import Programme

    with pytest.raises(ParameterError) as info:
        Programme.create(["calf exercise 3/week for 26 weeks"] * 2000)
    text = str(info.value)
    assert len(text) < 600 and "2000 overlapping blocks" in text and "add up to 6000 sessions/week" in text


# ---- step counts Python reads as numbers but a CSV does not hold ----------------------------
@pytest.mark.parametrize("raw", ["1_000", "\u0665", "\uff15"])
def test_csv_step_count_with_an_underscore_or_other_digits_is_not_a_number(tmp_path: Path, raw: str) -> None:
    # float() takes '1_000' (1000), Arabic-Indic '\u0665' (5) and full-width '\uff15' (5): such a
    # cell was read as a count without a word; a CSV number is ASCII digits
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / "steps.csv"
    path.write_text(f"timestamp,steps\n2024-03-01T08:00:00,10\n2024-03-01T08:01:00,{raw}\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: steps = .* is not a number"):
        read_steps(path)


def test_apple_step_value_with_an_underscore_is_not_a_number(tmp_path: Path) -> None:
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<HealthData>\n<Record type="HKQuantityTypeIdentifierStepCount" '
        'sourceName="w" unit="count" startDate="2024-03-01 08:00:00 +0100" '
        'endDate="2024-03-01 08:01:00 +0100" value="1_0"/>\n</HealthData>\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: .*steps = '1_0' is not a number"):
        read_steps(path)


# ---- a StepSeries made by hand ------------------------------------------------------------
def _series(times: list[str], values: list[float]) -> object:
    import pandas as pd

    return pd.Series(values, index=pd.DatetimeIndex(times, tz="UTC"))


def test_step_series_off_the_minute_boundaries_is_refused() -> None:
    # rows at 08:00:30, 08:01:30: accepted, and day() then reindexed them onto whole minutes and
    # found none: every minute of the day unknown, without a word
    from calfpump.errors import ParameterError
    from calfpump.wearables import StepSeries

    with pytest.raises(ParameterError, match=r"08:00:30.*not the start of a minute"):
        StepSeries(_series(["2024-03-01 08:00:30", "2024-03-01 08:01:30"], [90.0, 100.0]), "csv")  # type: ignore[arg-type]


def test_step_series_outside_the_years_step_data_may_hold_is_refused() -> None:
    # a series in 1900 was taken, and day() then gave a day of 1900, which day(date) refuses
    from calfpump.errors import ParameterError
    from calfpump.wearables import StepSeries

    with pytest.raises(ParameterError, match=r"1900-03-01.*outside 1970 to 2099"):
        StepSeries(_series(["1900-03-01 08:00"], [90.0]), "csv")  # type: ignore[arg-type]


def test_step_series_source_and_notes_must_be_text() -> None:
    # notes="trimmed" was kept as a string, and day() spread it into one note per letter
    from calfpump.errors import ParameterError
    from calfpump.wearables import StepSeries

    steps = _series(["2024-03-01 08:00"], [90.0])
    with pytest.raises(ParameterError, match=r"StepSeries.notes = 'trimmed'.*allowed: a tuple of str"):
        StepSeries(steps, "csv", "trimmed")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"StepSeries.source = 5.*allowed: a str"):
        StepSeries(steps, 5)  # type: ignore[arg-type]
    assert StepSeries(steps, "csv", ["a note"]).day("2024-03-01").notes == ("a note", "day 2024-03-01")  # type: ignore[arg-type]


# ---- a long record's memory -----------------------------------------------------------------
def test_a_record_spanning_years_is_spread_without_gigabytes(tmp_path: Path) -> None:
    # two lines, one row with an end 20 years on (allowed: at most 30 years): spreading it built
    # eight arrays of one entry per minute (1.9 GB at its peak for 29 years, 7.6 s); the result
    # itself is one float per minute
    import tracemalloc

    import numpy as np

    from calfpump import read_steps

    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps,end\n2000-01-01T00:00:30Z,5259600,2020-01-01T00:00:30Z\n"
                    "2020-01-01T00:01:00Z,7,\n", encoding="utf-8")
    tracemalloc.start()
    try:
        series = read_steps(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    minutes = len(series)
    assert minutes == 10_519_202
    values = series.steps.to_numpy()
    assert values[0] == pytest.approx(0.25) and values[1] == pytest.approx(0.5) and values[-2] == pytest.approx(0.25)
    assert values[-1] == 7.0 and series.total_steps == pytest.approx(5259607.0)
    assert np.all(values[1:-2] == values[1])  # one rate over the whole record
    assert peak < 7 * 8 * minutes, f"peak {peak / 2**20:.0f} MiB for {minutes * 8 / 2**20:.0f} MiB of steps"


def test_csv_field_over_the_csv_module_limit_names_its_line(tmp_path: Path) -> None:
    # "not a readable CSV file (field larger than field limit (131072))": which line, not said
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps\n2024-03-01T08:00,5\n2024-03-01T08:01," + "1" * 200_000 + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"steps\.csv', line 3: not a readable CSV file \(field larger"):
        read_steps(path)


# ---- output files ---------------------------------------------------------------------------
def test_output_link_into_a_missing_folder_is_refused_before_the_work(tmp_path: Path) -> None:
    # run.parquet -> /missing/dir/x.parquet passed check_output_file (the link's own folder
    # exists); the command simulated, then failed writing: "cannot write '/missing/...'"
    from calfpump.io import check_output_file

    link = tmp_path / "run.parquet"
    link.symlink_to(tmp_path / "missing" / "x.parquet")
    with pytest.raises(OutputError, match=r"run\.parquet'.*symbolic link to .*x\.parquet'.*folder .*missing' does not exist"):
        check_output_file(link)


def test_output_link_to_a_file_in_a_folder_that_exists_is_accepted(tmp_path: Path) -> None:
    from calfpump.io import atomic_write, check_output_file

    link = tmp_path / "run.parquet"
    link.symlink_to(tmp_path / "x.parquet")  # dangling: the file is made through it
    assert check_output_file(link) == link
    with atomic_write(link, "Parquet") as tmp:
        tmp.write_bytes(b"PAR1")
    assert link.is_symlink() and (tmp_path / "x.parquet").read_bytes() == b"PAR1"


def test_replacing_an_output_file_keeps_its_permissions(tmp_path: Path) -> None:
    # a private table (0600, health data) came back 0644 (umask) after a run replaced it
    import os
    import stat

    from calfpump.io import atomic_write

    target = tmp_path / "run.parquet"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    with atomic_write(target, "Parquet") as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_replacing_report_files_with_force_keeps_their_permissions(tmp_path: Path) -> None:
    import os
    import stat

    from calfpump.report import NUMBERS_FILE, REPORT_FILE, _write_folder

    out = tmp_path / "report"
    out.mkdir()
    (out / REPORT_FILE).write_text("old", encoding="utf-8")
    os.chmod(out / REPORT_FILE, 0o600)
    _write_folder(out, {REPORT_FILE: "<!DOCTYPE html>", NUMBERS_FILE: "{}"}, True)
    assert stat.S_IMODE((out / REPORT_FILE).stat().st_mode) == 0o600
    assert (out / REPORT_FILE).read_text(encoding="utf-8") == "<!DOCTYPE html>"


def test_an_empty_private_report_folder_stays_private(tmp_path: Path) -> None:
    import os
    import stat

    from calfpump.report import NUMBERS_FILE, REPORT_FILE, _write_folder

    out = tmp_path / "report"
    out.mkdir()
    os.chmod(out, 0o700)
    _write_folder(out, {REPORT_FILE: "<!DOCTYPE html>", NUMBERS_FILE: "{}"}, False)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700 and (out / REPORT_FILE).is_file()


def test_csv_header_repeated_inside_the_file_is_named_as_such(tmp_path: Path) -> None:
    # two exports joined: "line 4: steps = 'steps' is not a number" did not say what line 4 was
    from calfpump import read_steps
    from calfpump.errors import DataError

    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps\n2024-03-01T08:00,5\n2024-03-01T08:01,6\nTimestamp,Steps\n"
                    "2024-03-02T08:00,7\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 4 repeats the header .*two files joined"):
        read_steps(path)


# ---- the report's programme helpers -----------------------------------------------------------
@pytest.mark.parametrize(("weeks", "said"), [
    (-1, "weeks = -1"), (10**9, "weeks = 1000000000"), (float("nan"), "weeks = nan"), (True, "weeks = True"),
    (2.5, "weeks = 2.5"),
])
def test_after_programme_names_weeks_as_given(weeks: object, said: str) -> None:
    # the errors said "days = -7", "days = 7000000000.0", "days = 17.5" (the weeks times 7), and
    # weeks=True ran one week
    from calfpump import Person
    from calfpump.errors import ParameterError
    from calfpump.report import after_programme

    with pytest.raises(ParameterError, match=rf"^{said}\b.*1 to 521 weeks"):
        after_programme(Person(), ["calf exercise 3/week"], weeks)  # type: ignore[arg-type]


def test_after_programme_takes_one_line_as_text() -> None:
    # a str was read letter by letter: "Invalid programme line 'c'"
    from calfpump import Person
    from calfpump.report import after_programme

    one = after_programme(Person(calf_strength=0.8), "calf exercise 3/week", 4)
    assert one == after_programme(Person(calf_strength=0.8), ["calf exercise 3/week"], 4)
    assert one.calf_strength > 0.8


@pytest.mark.parametrize(("when", "tz", "date"), [
    ("1970-01-01T08:00:00+01:00", None, "1970-01-01"), ("2099-12-31T18:00:00-05:00", None, "2099-12-31"),
])
def test_the_first_and_last_days_step_data_may_hold_are_days(tmp_path: Path, when: str, tz: str | None,
                                                            date: str) -> None:
    # the day's midnight may lie outside 1970-2099 in UTC (1969-12-31 23:00 UTC); the day is taken
    from calfpump import read_steps

    path = tmp_path / "steps.csv"
    path.write_text(f"timestamp,steps\n{when},90\n", encoding="utf-8")
    day = read_steps(path, tz=tz).day()
    assert len(day) == 1440 and day.total_steps == 90.0 and str(day.steps.index[0].date()) == date
