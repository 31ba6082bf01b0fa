"""Step counts from CSV, Garmin FIT and Apple Health exports into one minute-level series."""

from __future__ import annotations

import datetime as dt
import math
import re
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from wearable_files import (  # tests/unit/wearable_files.py
    APPLE_HEAD,
    FILE_ID,
    T_FIT,
    apple,
    fit_file,
    fit_info,
    fit_monitoring,
    write,
)

from calfpump import DataError, ParameterError, StepSeries, read_steps

DATA = Path(__file__).resolve().parents[1] / "data" / "wearables"
MONITORING = DATA / "MonitoringFile.fit"
WALK = DATA / "garmin-fenix-5-walk.fit"




# --------------------------------------------------------------------------- CSV


def test_csv_per_minute_with_gap_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps,device\n"
                 "2024-03-01T08:00:00+01:00,90,watch\n"
                 "2024-03-01T08:01:00+01:00,0,watch\n"
                 "2024-03-01T08:03:00+01:00,110,watch\n")
    s = read_steps(path)
    assert s.source == "csv"
    assert s.steps.tolist()[:2] == [90.0, 0.0]
    assert math.isnan(s.steps.iloc[2])
    assert s.total_steps == 200.0 and s.known_minutes == 3
    assert str(s.steps.index[0]) == "2024-03-01 08:00:00+01:00"
    assert s.notes == ()


def test_csv_naive_timestamps_default_utc_or_given_zone(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-07-01 08:00,10\n")
    assert str(read_steps(path).steps.index[0]) == "2024-07-01 08:00:00+00:00"
    local = read_steps(path, tz="Europe/Berlin").steps.index[0]
    assert local == pd.Timestamp("2024-07-01 06:00", tz="UTC")
    assert str(local.tz) == "Europe/Berlin"


def test_csv_exact_duplicates_dropped_and_unsorted_sorted(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-01T08:02:00Z,30\n"
                 "2024-03-01T08:00:00Z,10\n"
                 "2024-03-01T08:00:00Z,10\n"
                 "2024-03-01T08:01:00Z,20\n")
    s = read_steps(path)
    assert s.steps.tolist() == [10.0, 20.0, 30.0]
    assert any("dropped 1 exact duplicate row" in n for n in s.notes)
    assert any("sorted" in n for n in s.notes)


def test_csv_conflicting_duplicates_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-01T08:00:00Z,10\n2024-03-01T08:01:00Z,5\n2024-03-01T08:00:00Z,12\n")
    with pytest.raises(DataError, match=r"lines 2 and 4 .*'2024-03-01T08:00:00Z'.*10 and 12"):
        read_steps(path)


@pytest.mark.parametrize(
    ("value", "why"),
    [("-3", "is negative"), ("many", "is not a number"), ("nan", "is not a finite number"),
     ("", "is not a number")],
)
def test_csv_bad_counts_name_line_and_value(tmp_path: Path, value: str, why: str) -> None:
    path = write(tmp_path, "s.csv", f"timestamp,steps\n2024-03-01T08:00Z,1\n2024-03-01T08:01Z,{value}\n")
    with pytest.raises(DataError, match=rf"line 3: steps = '{value}' {why}; allowed: .*>= 0"):
        read_steps(path)


def test_csv_bad_timestamp_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,1\n2024-13-45 99:00,4\n")
    with pytest.raises(DataError, match=r"line 3: timestamp = '2024-13-45 99:00' is not a valid time"):
        read_steps(path)


def test_csv_absurd_minutes_marked_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-01T08:00Z,120\n2024-03-01T08:01Z,5000\n2024-03-01T08:02Z,300\n")
    s = read_steps(path)
    assert math.isnan(s.steps.iloc[1]) and s.steps.iloc[2] == 300.0
    assert any("1 minute(s) over 300 steps marked unknown" in n for n in s.notes)


def test_csv_end_column_spreads_coarse_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,end,steps\n"
                 "2024-03-01T08:00Z,2024-03-01T09:00Z,600\n2024-03-01T09:00Z,,7\n")
    s = read_steps(path)
    assert len(s) == 61 and s.steps.iloc[:60].tolist() == [10.0] * 60 and s.steps.iloc[60] == 7.0
    assert s.total_steps == pytest.approx(607.0)


def test_csv_sub_minute_rows_floored_and_added(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00:10Z,20\n2024-03-01T08:00:40Z,25\n")
    s = read_steps(path)
    assert s.steps.tolist() == [45.0]
    assert any("floored" in n for n in s.notes) and any("added" in n for n in s.notes)


@pytest.mark.parametrize(
    ("text", "match"),
    [("", "empty"), ("\n\n", "empty"), ("time,count\n2024-03-01,3\n", "lacks column"),
     ("timestamp,steps\n", "no data rows")],
)
def test_csv_structure_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(DataError, match=match):
        read_steps(write(tmp_path, "s.csv", text))


def test_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_steps(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="is a folder, not a file"):  # was "no such file"
        read_steps(tmp_path)
    import zipfile

    with zipfile.ZipFile(tmp_path / "export.zip", "w") as z:  # was "not a UTF-8 text file"
        z.writestr("apple_health_export/export.xml", apple([]))
    with pytest.raises(DataError, match="export.zip' is a zip archive; unzip it"):
        read_steps(tmp_path / "export.zip")
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,1\n")
    with pytest.raises(ParameterError, match="tz = 'Mars/Olympus' is not a known time zone"):
        read_steps(path, tz="Mars/Olympus")
    with pytest.raises(ParameterError, match="format = 'gpx'"):
        read_steps(path, format="gpx")  # type: ignore[arg-type]


def test_dst_days_and_ambiguous_local_times(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-31T01:59:00+01:00,10\n2024-03-31T03:00:00+02:00,20\n"
                 "2024-10-27T02:30:00+02:00,30\n2024-10-27T02:30:00+01:00,40\n")
    s = read_steps(path, tz="Europe/Berlin")
    spring = s.day("2024-03-31")
    assert len(spring) == 23 * 60
    assert spring.steps.iloc[119] == 10.0 and spring.steps.iloc[120] == 20.0  # 01:59 then 03:00
    autumn = s.day(dt.date(2024, 10, 27))
    assert len(autumn) == 25 * 60 and autumn.total_steps == 70.0
    # without tz, several offsets: UTC with a note
    assert read_steps(path).steps.index.tz == dt.UTC
    assert any("several UTC offsets" in n for n in read_steps(path).notes)
    naive = write(tmp_path, "n.csv", "timestamp,steps\n2024-10-27 02:30,5\n")
    with pytest.raises(DataError, match="line 2: timestamp = '2024-10-27 02:30' does not exist or is ambig"):
        read_steps(naive, tz="Europe/Berlin")


def test_day_defaults_to_busiest_and_pads_with_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-01T23:59+01:00,10\n2024-03-02T12:00+01:00,50\n2024-03-03T00:00+01:00,5\n")
    s = read_steps(path)
    day = s.day()
    assert len(day) == 1440 and day.total_steps == 50.0 and day.known_minutes == 1
    assert day.steps.index[0] == pd.Timestamp("2024-03-02 00:00", tz="UTC+01:00")
    assert s.steps_by_date().to_dict() == {
        dt.date(2024, 3, 1): 10.0, dt.date(2024, 3, 2): 50.0, dt.date(2024, 3, 3): 5.0}
    assert s.day("2024-05-01").known_minutes == 0
    frame = day.to_pandas()
    assert list(frame.columns) == ["time", "steps"] and len(frame) == 1440
    with pytest.raises(ParameterError, match="date = 'yesterday'"):
        s.day("yesterday")


def test_stepseries_validates_its_index() -> None:
    with pytest.raises(ParameterError, match="time-zone-aware"):
        StepSeries(pd.Series([1.0], index=pd.date_range("2024-01-01", periods=1, freq="min")), "csv")
    idx = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 00:02"], tz="UTC")
    with pytest.raises(ParameterError, match="one row per minute"):
        StepSeries(pd.Series([1.0, 2.0], index=idx), "csv")


# --------------------------------------------------------------------------- Garmin FIT


def test_real_monitoring_file_gives_a_plausible_day() -> None:
    s = read_steps(MONITORING)
    assert s.source == "garmin-fit"
    values = s.steps.to_numpy()
    assert len(s) == 1440 and s.known_minutes == 1440 and np.all(values >= 0)
    assert s.total_steps == pytest.approx(3173.0)  # the device's own summary: 3142 + 31
    assert any("summaries give 3173 steps; the counters give 3173" in n for n in s.notes)
    assert s.tz.utcoffset(None) == dt.timedelta(hours=-6)  # from local_timestamp
    utc = s.steps.index.tz_convert("UTC")
    assert {d.isoformat() for d in utc.date} == {"2014-12-27", "2014-12-28"}
    # the 16-bit timestamps roll over on the evening: steps after 00:00 UTC need that
    assert s.steps[utc >= pd.Timestamp("2014-12-28", tz="UTC")].sum() > 500
    assert s.dates() == [dt.date(2014, 12, 27)]
    assert np.nanmax(values) < 150


def test_real_walk_activity_gives_45_s_at_walking_cadence() -> None:
    s = read_steps(WALK, format="fit")
    assert s.tz.utcoffset(None) == dt.timedelta(hours=-7)
    assert [str(t) for t in s.steps.index] == ["2017-06-11 07:32:00-07:00", "2017-06-11 07:33:00-07:00"]
    cadence_spm = s.total_steps / (47 / 60)  # records 14:32:51 to 14:33:37 (+1 s) UTC
    assert 100 <= cadence_spm <= 130
    assert 80 <= s.total_steps <= 105


def test_fit_time_zone_argument_wins(tmp_path: Path) -> None:
    s = read_steps(WALK, tz="UTC")
    assert str(s.steps.index[0]) == "2017-06-11 14:32:00+00:00"


@pytest.mark.parametrize("cut", ["half", "crc", "header"])
def test_truncated_fit_files_are_refused(tmp_path: Path, cut: str) -> None:
    data = MONITORING.read_bytes()
    part = {"half": data[: len(data) // 2], "crc": data[:-1], "header": data[:10]}[cut]
    path = tmp_path / "cut.fit"
    path.write_bytes(part)
    with pytest.raises(DataError, match=r"cut\.fit'.*not a complete, readable FIT file"):
        read_steps(path)


def test_corrupted_and_empty_fit_files_are_refused(tmp_path: Path) -> None:
    data = bytearray(WALK.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad = tmp_path / "bad.fit"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataError, match="bad.fit"):
        read_steps(bad)
    empty = tmp_path / "empty.fit"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        read_steps(empty)
    text = write(tmp_path, "text.fit", "timestamp,steps\n")
    with pytest.raises(DataError, match="text.fit"):
        read_steps(text)


def test_format_detected_from_content(tmp_path: Path) -> None:
    fit = tmp_path / "download"
    fit.write_bytes(WALK.read_bytes())
    assert read_steps(fit).source == "garmin-fit"
    csv_file = write(tmp_path, "steps.txt", "timestamp,steps\n2024-03-01T08:00Z,3\n")
    assert read_steps(csv_file).source == "csv"


# --------------------------------------------------------------------------- Apple Health





def test_apple_records_spread_over_their_minutes(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple([
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:05:00 +0100", "100"),
        ("Watch", "2024-03-01 08:10:30 +0100", "2024-03-01 08:10:30 +0100", "7"),
    ], extra=' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" '
              'startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100" value="70"/>\n'))
    s = read_steps(path)
    assert s.source == "apple-health"
    assert s.steps.iloc[:5].tolist() == [20.0] * 5
    assert np.isnan(s.steps.iloc[5:10]).all() and s.steps.iloc[10] == 7.0
    assert str(s.steps.index[0]) == "2024-03-01 08:00:00+01:00"


def test_apple_overlapping_sources_never_double_count(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple([
        ("iPhone", "2024-03-01 08:00:00 +0100", "2024-03-01 08:02:00 +0100", "180"),
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:02:00 +0100", "200"),
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:02:00 +0100", "200"),  # duplicate
        ("Watch", "2024-03-01 09:00:00 +0100", "2024-03-01 09:01:00 +0100", "50"),
        ("iPhone", "2024-03-01 10:00:00 +0100", "2024-03-01 10:01:00 +0100", "40"),
    ]))
    s = read_steps(path)
    assert s.total_steps == pytest.approx(200 + 50 + 40)
    assert s.steps.iloc[0] == 100.0  # the watch (most steps overall) wins shared minutes
    assert any("1 record(s) of lower-ranked sources dropped" in n and "'Watch' (250 steps)" in n
               for n in s.notes)
    assert any("dropped 1 exact duplicate record" in n for n in s.notes)


def test_apple_bad_value_names_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple([
        ("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:01:00 +0100", "-4")]))
    with pytest.raises(DataError, match=r"sourceName='Watch', startDate='2024-03-01 08:00:00 \+0100'.*"
                                        r"steps = '-4' is negative"):
        read_steps(path)
    path = write(tmp_path, "export2.xml", apple([
        ("Watch", "yesterday", "2024-03-01 08:01:00 +0100", "4")]))
    with pytest.raises(DataError, match="startDate = 'yesterday' is not a time"):
        read_steps(path)


def test_apple_truncated_xml_names_the_line(tmp_path: Path) -> None:
    text = apple([("Watch", "2024-03-01 08:00:00 +0100", "2024-03-01 08:01:00 +0100", "4")] * 3)
    path = write(tmp_path, "export.xml", text[: len(text) - 40])
    with pytest.raises(DataError, match=r"export\.xml', line \d+, column \d+: malformed XML"):
        read_steps(path)


def test_apple_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n <!ENTITY a "aaaaaaaaaa">\n'
            + "".join(f' <!ENTITY {c} "{("&" + p + ";") * 10}">\n'
                      for p, c in zip("abcdefgh", "bcdefghi", strict=True))
            + ']>\n<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&i;" '
              'startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100" '
              'value="1"/></HealthData>\n')
    path = write(tmp_path, "export.xml", bomb)
    with pytest.raises(DataError, match="refused: the XML declares entities"):
        read_steps(path)


def test_apple_wrong_root_and_no_steps(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not an Apple Health export"):
        read_steps(write(tmp_path, "other.xml", "<gpx><trk/></gpx>"))
    with pytest.raises(DataError, match="no HKQuantityTypeIdentifierStepCount records"):
        read_steps(write(tmp_path, "export.xml", apple([])))


def test_apple_export_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    start = dt.datetime(2024, 1, 1)
    other = (' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" '
             'unit="count/min" startDate="{t} +0100" endDate="{t} +0100" value="71">\n'
             '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n')
    step = (' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" unit="count" '
            'startDate="{t} +0100" endDate="{e} +0100" value="42"/>\n')
    minutes = 7_000
    with path.open("w", encoding="utf-8") as fh:
        fh.write(APPLE_HEAD)
        for k in range(minutes):
            t = start + dt.timedelta(minutes=k)
            fh.write(other.format(t=t) * 4)
            if k % 2 == 0:
                fh.write(step.format(t=t, e=t + dt.timedelta(seconds=50)))
        fh.write("</HealthData>\n")
    size = path.stat().st_size
    assert size > 5e6
    tracemalloc.start()
    try:
        s = read_steps(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert s.total_steps == minutes // 2 * 42
    assert peak < size / 8, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"


# --------------------------------------------------------------------------- bad input (review)


@pytest.mark.parametrize("stamp", ["9999-01-01T00:00:00Z", "9999-01-01 00:00", "1600-01-01T00:00:00+01:00"])
def test_csv_year_out_of_range_is_a_clear_error(tmp_path: Path, stamp: str) -> None:
    # a wrong year once raised pandas' OutOfBoundsDatetime from deep inside
    path = write(tmp_path, "s.csv", f"timestamp,steps\n{stamp},5\n")
    with pytest.raises(DataError, match=re.escape(f"line 2: timestamp = '{stamp}' is outside 1970 to 2099")):
        read_steps(path)


def test_apple_year_out_of_range_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "export.xml", apple([("iPhone", "9999-03-01 08:00:00 +0100",
                                                 "9999-03-01 08:01:00 +0100", "50")]))
    with pytest.raises(DataError, match="9999-03-01.*outside 1970 to 2099"):
        read_steps(path)


def test_a_record_spanning_centuries_is_refused_before_spreading(tmp_path: Path) -> None:
    # one corrupt end date once asked numpy for billions of minutes (MemoryError, or worse)
    xml = write(tmp_path, "export.xml", apple([
        ("iPhone", "2024-03-01 08:00:00 +0100", "2024-03-01 08:10:00 +0100", "500"),
        ("iPhone", "2024-03-01 09:00:00 +0100", "2099-12-01 09:00:00 +0100", "5")]))
    csv_file = write(tmp_path, "s.csv", "timestamp,steps,end\n"
                     "2024-03-01T08:00Z,5,2099-12-01T00:00Z\n")
    for path in (xml, csv_file):
        tracemalloc.start()
        try:
            with pytest.raises(DataError, match="2099-12-01.*more than 30 years"):
                read_steps(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 20e6, f"peak {peak / 1e6:.0f} MB"


def test_csv_mixing_naive_and_offset_timestamps_needs_tz(tmp_path: Path) -> None:
    # the naive row was read as UTC and landed an hour late in a +01:00 series, silently
    path = write(tmp_path, "s.csv", "timestamp,steps\n"
                 "2024-03-01T08:00:00+01:00,5\n2024-03-01 08:01,6\n")
    with pytest.raises(DataError, match=r"line 3: timestamp = '2024-03-01 08:01' has no UTC offset.*"
                                        r"line 2.*give tz"):
        read_steps(path)
    s = read_steps(path, tz="Europe/Berlin")  # with tz the naive time is read in it
    assert s.steps.tolist() == [5.0, 6.0]
    ends = write(tmp_path, "e.csv", "timestamp,steps,end\n2024-03-01T08:00:00+01:00,10,2024-03-01 08:02\n")
    with pytest.raises(DataError, match=r"line 2: end = '2024-03-01 08:02' has no UTC offset"):
        read_steps(ends)


@pytest.mark.parametrize("tz", ["+25:00", "+01:99", "-24:00"])
def test_impossible_tz_offset_is_a_clear_error(tmp_path: Path, tz: str) -> None:
    # '+25:00' raised a bare ValueError from datetime.timezone; '+01:99' became +02:39, silently
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,1\n")
    with pytest.raises(ParameterError, match=re.escape(f"tz = '{tz}' is not a UTC offset")):
        read_steps(path, tz=tz)


def test_csv_hour_only_offset_is_read(tmp_path: Path) -> None:
    # PostgreSQL writes '2024-03-01 08:00:00+01'; it raised "TypeError: Already tz-aware"
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01 08:00:00+01,5\n2024-03-01T08:01-05,7\n"
                 "2024-03-01,3\n")
    with pytest.raises(DataError, match="line 4: timestamp = '2024-03-01' has no UTC offset"):
        read_steps(path)  # a date alone is naive, not a '-01' offset
    path = write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01 08:00:00+01,5\n2024-03-01T08:01+01,7\n")
    s = read_steps(path)
    assert str(s.steps.index[0]) == "2024-03-01 08:00:00+01:00" and s.steps.tolist() == [5.0, 7.0]
    odd = write(tmp_path, "o.csv", "timestamp,steps\n2024-03-01 09:00,4\n2024-03-01T08:00:00+1,5\n")
    for tz in (None, "Europe/Berlin"):  # "ValueError: Mixed timezones detected" from pandas
        with pytest.raises(DataError, match=r"line 3: timestamp = '2024-03-01T08:00:00\+1' has an unrec"):
            read_steps(odd, tz=tz)










def test_fit_monitoring_without_step_counters_is_no_step_data(tmp_path: Path) -> None:
    # a day-start message alone (or cycling counters alone) once gave "0 steps" minutes, not an error
    for name, messages in {
        "info.fit": [FILE_ID, fit_info(T_FIT)],
        "cycling.fit": [FILE_ID, fit_info(T_FIT), fit_monitoring(T_FIT + 60, 2, 100)],
    }.items():
        with pytest.raises(DataError, match=rf"{name}': no step data"):
            read_steps(fit_file(tmp_path / name, messages))
    walk = fit_file(tmp_path / "walk.fit", [FILE_ID, fit_info(T_FIT), fit_monitoring(T_FIT + 60, 2, 100),
                                            fit_monitoring(T_FIT + 120, 6, 90)])
    assert read_steps(walk).steps.tolist() == [0.0, 90.0]


def test_fit_relative_timestamps_are_not_read_as_1989(tmp_path: Path) -> None:
    # FIT times below 0x10000000 count seconds since the device started, not since 1989: a
    # message with one once put steps on 1989-12-31 (or failed the file with a 34-year span)
    path = fit_file(tmp_path / "rel.fit", [FILE_ID, fit_monitoring(1000, 6, 100), fit_info(T_FIT),
                                           fit_monitoring(T_FIT + 60, 6, 100), fit_monitoring(T_FIT + 120, 6, 220)])
    s = read_steps(path)
    assert s.steps.tolist() == [100.0, 120.0]
    assert any("relative" in n for n in s.notes)
    records = fit_file(tmp_path / "rec.fit", [(0, [(0, 0x00, "B", 4)]),
                                              (20, [(253, 0x86, "I", 1000), (4, 0x02, "B", 55)])])
    with pytest.raises(DataError, match="no step data"):
        read_steps(records)


def test_apple_phone_record_over_a_watch_walk_is_not_counted_again(tmp_path: Path) -> None:
    # 3 minutes of walking: the watch writes three 1-minute records, the phone one 10-minute
    # record of the same 300 steps. Per-minute priority kept the watch's 300 and spread the
    # phone's 300 into the 7 minutes the watch left empty: 510 steps, 70 % too many.
    path = write(tmp_path, "export.xml", apple([
        *[("Watch", f"2024-03-01 08:0{k}:00 +0100", f"2024-03-01 08:0{k + 1}:00 +0100", "100")
          for k in range(3)],
        ("iPhone", "2024-03-01 08:00:00 +0100", "2024-03-01 08:10:00 +0100", "300"),
        ("iPhone", "2024-03-01 12:00:00 +0100", "2024-03-01 12:02:00 +0100", "150"),  # watch off
        ("Watch", "2024-03-01 18:00:00 +0100", "2024-03-01 18:05:00 +0100", "500"),  # phone on a desk
    ]))
    s = read_steps(path)
    assert s.total_steps == pytest.approx(300 + 150 + 500)
    assert s.steps.iloc[:3].tolist() == [100.0] * 3 and np.isnan(s.steps.iloc[3:240]).all()
    assert s.steps.iloc[240:242].tolist() == [75.0, 75.0] and s.steps.iloc[600:605].sum() == 500.0
    assert any("1 record(s) of lower-ranked sources dropped" in n and "'iPhone' (450 steps)" in n
               for n in s.notes)
    # records that only touch, or share a minute without overlapping in time, are kept
    from calfpump.wearables import _merge_intervals, _overlaps

    cover = _merge_intervals(np.array([0.0, 50.0, 200.0, 5.0]), np.array([60.0, 90.0, 260.0, 5.0]))
    assert [c.tolist() for c in cover] == [[0.0, 200.0], [90.0, 260.0]]
    a, b = np.array([90.0, 100.0, 30.0, 95.0, 260.0, -10.0]), np.array([100.0, 100.0, 30.0, 120.0, 300.0, 0.0])
    assert _overlaps(a, b, *cover).tolist() == [False, False, True, False, False, False]
    assert _overlaps(np.array([95.0]), np.array([205.0]), *cover).tolist() == [True]


def test_csv_rows_with_an_end_may_not_overlap_other_rows(tmp_path: Path) -> None:
    # an hourly total next to the minute rows of the same hour was added to them, silently:
    # the same steps counted twice
    path = write(tmp_path, "s.csv", "timestamp,steps,end\n"
                 "2024-03-01T08:00Z,600,2024-03-01T09:00Z\n2024-03-01T08:30Z,100,\n")
    with pytest.raises(DataError, match=r"line 3 \(timestamp = '2024-03-01T08:30Z'\) overlaps line 2"):
        read_steps(path)
    spans = write(tmp_path, "t.csv", "timestamp,steps,end\n"
                  "2024-03-01T08:00Z,60,2024-03-01T08:10Z\n2024-03-01T08:05Z,60,2024-03-01T08:20Z\n")
    with pytest.raises(DataError, match=r"line 3 .* overlaps line 2 .*counted twice"):
        read_steps(spans)
    same = write(tmp_path, "u.csv", "timestamp,steps,end\n"
                 "2024-03-01T08:00Z,5,\n2024-03-01T08:00Z,60,2024-03-01T08:10Z\n")
    with pytest.raises(DataError, match=r"overlaps line 2"):
        read_steps(same)
    # rows that only touch are fine, and so are several rows in one minute without an end
    ok = write(tmp_path, "v.csv", "timestamp,steps,end\n2024-03-01T08:00Z,60,2024-03-01T08:02Z\n"
               "2024-03-01T08:02Z,30,2024-03-01T08:02:30Z\n2024-03-01T08:02:30Z,30,\n"
               "2024-03-01T08:02:40Z,5,\n")
    assert read_steps(ok).steps.tolist() == [30.0, 30.0, 65.0]


def test_apple_long_records_are_noted(tmp_path: Path) -> None:
    # a day total in one record becomes ~6 steps in every minute, night included (the day
    # simulator then puts the person on their feet all night); nothing said so
    path = write(tmp_path, "export.xml", apple([
        ("Pedometer", "2024-03-01 00:00:00 +0100", "2024-03-02 00:00:00 +0100", "8640"),
        ("Pedometer", "2024-03-02 08:00:00 +0100", "2024-03-02 08:05:00 +0100", "500")]))
    s = read_steps(path)
    assert s.steps.iloc[0] == 6.0
    assert any("1 record(s) span more than 15 minutes (the longest 24 h)" in n for n in s.notes)


def test_a_date_far_off_is_a_clear_error(tmp_path: Path) -> None:
    # --date 9999-12-31 raised OverflowError (date + 1 day) from deep inside
    s = read_steps(write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01T08:00Z,5\n"))
    for date in ("9999-12-31", dt.date(1, 1, 1)):
        with pytest.raises(ParameterError, match=r"date = .* is outside 1970 to 2099"):
            s.day(date)


def test_fit_time_beyond_the_calendar_is_a_clear_error(tmp_path: Path) -> None:
    # a 64-bit timestamp field made fitdecode raise OverflowError, uncaught
    path = fit_file(tmp_path / "big.fit", [FILE_ID, (55, [(253, 0x8F, "Q", 2**62), (5, 0x00, "B", 6),
                                                          (3, 0x86, "I", 10)])])
    with pytest.raises(DataError, match=r"big.fit': the FIT file could not be decoded"):
        read_steps(path)


@pytest.mark.parametrize("offset", ["+2500", "+0199"])
def test_apple_impossible_offset_names_the_record(tmp_path: Path, offset: str) -> None:
    # '+2500' raised a bare ValueError from datetime.timezone; '+0199' was read as +02:39
    path = write(tmp_path, "export.xml", apple([
        ("Watch", f"2024-03-01 08:00:00 {offset}", f"2024-03-01 08:01:00 {offset}", "5")]))
    with pytest.raises(DataError, match=rf"line \d+: step record .*startDate = '2024-03-01 08:00:00 \{offset}' "
                                        "is not a time"):
        read_steps(path)
