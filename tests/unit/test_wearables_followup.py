"""Follow-ups of the wearables input review: chained FIT files, and the CSV reader's speed-up
(the offset detection it now does on each timestamp's tail)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wearable_files import (  # tests/unit/wearable_files.py
    FILE_ID,
    T_FIT,
    fit_file,
    fit_info,
    fit_monitoring,
    write,
)

from calfpump import read_steps

DAY = 86400


def _day(t: int) -> list[tuple[int, list[tuple[int, int, str, int]]]]:
    return [FILE_ID, fit_info(t), fit_monitoring(t + 60, 6, 50), fit_monitoring(t + 180, 6, 80),
            fit_monitoring(t + 240, 1, 30)]


def _chain(tmp_path: Path, name: str, *parts: list[tuple[int, list[tuple[int, int, str, int]]]]) -> Path:
    data = b"".join(fit_file(tmp_path / f"{name}.{k}.fit", p).read_bytes() for k, p in enumerate(parts))
    path = tmp_path / f"{name}.fit"
    path.write_bytes(data)
    return path


def test_chained_fit_file_with_the_same_day_twice_counts_it_once(tmp_path: Path) -> None:
    once = read_steps(fit_file(tmp_path / "once.fit", _day(T_FIT)))
    twice = read_steps(_chain(tmp_path, "twice", _day(T_FIT), _day(T_FIT)))
    assert once.total_steps == 110.0
    assert twice.total_steps == once.total_steps  # was 220: every step counted twice
    assert twice.steps.equals(once.steps)
    assert any("chains 2 FIT files" in n and "taken once" in n for n in twice.notes)
    thrice = read_steps(_chain(tmp_path, "thrice", _day(T_FIT), _day(T_FIT), _day(T_FIT)))
    assert thrice.total_steps == 110.0


def test_chained_fit_file_with_different_days_adds_them(tmp_path: Path) -> None:
    path = _chain(tmp_path, "two_days", _day(T_FIT), _day(T_FIT + DAY))
    s = read_steps(path)
    assert s.total_steps == 220.0
    assert not any("chains" in n for n in s.notes)  # nothing repeated, nothing overlapping
    # the second day's counters start again from zero at its day start
    assert s.steps_by_date().dropna().tolist() == [110.0, 110.0]


def test_chained_fit_file_with_the_later_day_first_keeps_both_days(tmp_path: Path) -> None:
    # the second part lies before the first: its day was left out (the known minutes began at the
    # file's first message), and it is no overlap either
    s = read_steps(_chain(tmp_path, "reverse", _day(T_FIT + DAY), _day(T_FIT)))
    forward = read_steps(_chain(tmp_path, "forward", _day(T_FIT), _day(T_FIT + DAY)))
    assert s.total_steps == 220.0
    assert s.steps.equals(forward.steps)
    assert not any("chains" in n for n in s.notes)


def test_chained_fit_file_resynced_with_more_readings_counts_the_new_ones_once(tmp_path: Path) -> None:
    more = [*_day(T_FIT), fit_monitoring(T_FIT + 300, 6, 130)]
    whole = read_steps(fit_file(tmp_path / "whole.fit", more))
    s = read_steps(_chain(tmp_path, "resync", _day(T_FIT), more))
    assert whole.total_steps == 160.0
    assert s.total_steps == whole.total_steps
    assert s.steps.equals(whole.steps)


def test_chained_fit_file_with_other_readings_in_the_same_time_is_noted(tmp_path: Path) -> None:
    # same day start, other counts at the same times: the same steps again, or more? The reader
    # cannot tell, and says so
    other = [FILE_ID, fit_info(T_FIT), fit_monitoring(T_FIT + 60, 6, 60), fit_monitoring(T_FIT + 180, 6, 90)]
    s = read_steps(_chain(tmp_path, "other", _day(T_FIT), other))
    assert any("cannot tell" in n and "part 2" in n for n in s.notes)


def test_chained_fit_activity_twice_counts_its_records_once(tmp_path: Path) -> None:
    def activity() -> list[tuple[int, list[tuple[int, int, str, int]]]]:
        return [(0, [(0, 0x00, "B", 4)]), (12, [(5, 0x00, "B", 1)]),
                *[(20, [(253, 0x86, "I", T_FIT + k), (4, 0x02, "B", 80)]) for k in range(0, 120, 5)]]

    once = read_steps(fit_file(tmp_path / "act.fit", activity()))
    twice = read_steps(_chain(tmp_path, "act2", activity(), activity()))
    assert twice.total_steps == pytest.approx(once.total_steps)
    assert any("chains 2 FIT files" in n for n in twice.notes)


@pytest.mark.parametrize(
    ("stamp", "offset"),
    [
        ("2024-03-01T08:00:00+01:00", "UTC+01:00"),
        ("2024-03-01T08:00:00+0100", "UTC+01:00"),
        ("2024-03-01 08:00:00+01", "UTC+01:00"),
        ("2024-03-01 08:00:00.123456789 -05", "UTC-05:00"),
        ("2024-03-01T07:00:00Z", "UTC"),
        ("2024-03-01T08:00:00.5-03:30", "UTC-03:30"),
    ],
)
def test_csv_offset_forms_after_the_speed_up(tmp_path: Path, stamp: str, offset: str) -> None:
    s = read_steps(write(tmp_path, "s.csv", f"timestamp,steps\n{stamp},10\n"))
    assert str(s.tz) == offset
    assert s.total_steps == 10.0


def test_csv_naive_and_date_only_rows_stay_naive(tmp_path: Path) -> None:
    s = read_steps(write(tmp_path, "s.csv", "timestamp,steps\n2024-03-01,5\n2024-03-01 08:00,7\n"),
                   tz="+02:00")
    assert s.total_steps == 12.0
    assert str(s.steps.index[0]) == "2024-03-01 00:00:00+02:00"


@pytest.mark.parametrize(
    ("raw", "why"),
    [("inf", "is not a finite number"), ("-inf", "is not a finite number"), ("NaN", "is not a finite number"),
     ("-1e-9", "is negative"), ("12 steps", "is not a number")],
)
def test_csv_counts_refused_on_the_fast_path_keep_their_messages(tmp_path: Path, raw: str, why: str) -> None:
    from calfpump import DataError

    text = f"timestamp,steps\n2024-03-01T08:00:00Z,3\n\n  ,  \n2024-03-01T08:01:00Z,{raw}\n"
    with pytest.raises(DataError, match=rf"line 5: steps = .* {why}"):
        read_steps(write(tmp_path, "s.csv", text))


def test_csv_counts_and_blank_lines_on_the_fast_path(tmp_path: Path) -> None:
    from calfpump import DataError

    text = "timestamp,steps\n2024-03-01T08:00:00Z,-0\n \t, \n2024-03-01T08:01:00Z,1e2\n2024-03-01T08:02:00Z, 7 \n"
    s = read_steps(write(tmp_path, "s.csv", text))
    assert s.steps.tolist() == [0.0, 100.0, 7.0]
    with pytest.raises(DataError, match="line 3: timestamp is empty"):
        read_steps(write(tmp_path, "e.csv", "timestamp,steps\n2024-03-01T08:00:00Z,1\n,5\n"))
