"""Step counts from wearables, as one minute-level series.

Three sources are read into one type, :class:`StepSeries`:

- a CSV file with columns ``timestamp,steps`` (and optionally ``end``),
- a Garmin FIT file: all-day ``monitoring`` messages (cumulative counters) or
  an activity with per-second ``record`` messages carrying ``cadence``,
- an Apple Health ``export.xml`` (``HKQuantityTypeIdentifierStepCount`` records).

Every series has one value per minute, from the first to the last minute with
data; a minute without data is NaN ("unknown"), never silently zero. Every
cleaning action taken is listed in :attr:`StepSeries.notes`. The rules are
described in ``docs/wearables.md``.

Examples
--------
>>> import pathlib, tempfile
>>> from calfpump.wearables import read_steps
>>> path = pathlib.Path(tempfile.mkdtemp()) / "steps.csv"
>>> _ = path.write_text("timestamp,steps\\n2024-03-01T08:00:00+01:00,90\\n"
...                     "2024-03-01T08:02:00+01:00,110\\n")
>>> s = read_steps(path)
>>> s.steps.tolist()
[90.0, nan, 110.0]
>>> s.total_steps, s.known_minutes
(200.0, 2)
>>> str(s.steps.index[0])
'2024-03-01 08:00:00+01:00'
>>> len(s.day())
1440
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import numbers
import os
import re
import struct
import zoneinfo
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from calfpump.errors import DataError, ParameterError, shown

__all__ = [
    "FIT_EPOCH_UNIX_S",
    "MAX_RECORD_GAP_S",
    "MAX_STEPS_PER_MIN",
    "StepSeries",
    "read_steps",
]

#: Minutes with more steps than this are marked unknown. 300 steps/min is 5 steps/s held for a
#: whole minute: above the step frequency of elite sprinters at top speed, which is about
#: 4.5-5 steps/s and lasts seconds, not a minute (Weyand PG et al., J Appl Physiol 2000;
#: 89:1991-1999, step frequencies at top speed); walking is 100-130 steps/min and running
#: cadence rarely exceeds 200-220 steps/min.
MAX_STEPS_PER_MIN: Final[float] = 300.0

#: FIT time zero, 1989-12-31 00:00:00 UTC, in Unix seconds (Garmin FIT SDK, "date_time" type).
FIT_EPOCH_UNIX_S: Final[int] = 631065600

#: In a FIT activity, a ``record`` holds its cadence until the next record, if that comes within
#: this many seconds ("smart recording" writes a record every 1-15 s or so); a longer gap is a
#: pause, and the record then stands for 1 s only.
MAX_RECORD_GAP_S: Final[float] = 60.0

#: Longest span a series may cover (30 years of minutes, about 126 MB of float64).
MAX_SPAN_MIN: Final[int] = 30 * 366 * 24 * 60

#: Times a series may hold, Unix seconds: from 1970-01-01 to 2100-01-01 UTC (a guard against a
#: wrong year; a time outside it is an error).
_EARLIEST_UNIX_S: Final[float] = 0.0
_LATEST_UNIX_S: Final[float] = 4102444800.0
_YEARS: Final[str] = "1970 to 2099"

#: FIT ``activity_type`` values whose cycles are strides (two steps): walking and running.
_FIT_STEP_ACTIVITIES: Final[dict[Any, str]] = {
    "walking": "walking", "running": "running", 6: "walking", 1: "running",
}
#: FIT sports whose ``cadence`` is strides per minute.
_FIT_STEP_SPORTS: Final[frozenset[Any]] = frozenset(
    {"walking", "running", "hiking", "generic", "mountaineering", 0, 1, 11, 17, 16}
)

#: UTC offsets in use on Earth run from -12:00 (Baker Island) to +14:00 (Line Islands); a FIT
#: ``local_timestamp`` further from its ``timestamp`` is not a time zone (ignored, noted), s.
_FIT_OFFSET_RANGE_S: Final[tuple[int, int]] = (-12 * 3600, 14 * 3600)

#: FIT ``date_time`` values below this are seconds since the device started, not since 1989
#: (Garmin FIT SDK, "date_time" type: "min" 0x10000000).
_FIT_MIN_ABSOLUTE: Final[int] = 0x10000000

#: An Apple Health step record longer than this is noted: spread evenly, its minutes hold an even
#: share of a coarse total (an app that writes hourly or daily totals), not when steps were taken.
_LONG_RECORD_S: Final[float] = 15 * 60.0

_APPLE_STEP_TYPE: Final[str] = "HKQuantityTypeIdentifierStepCount"
_OFFSET_RE: Final[re.Pattern[str]] = re.compile(r"(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)$")
#: A time string that ends in a UTC offset: ``Z``, ``+01:00``, ``+0100``, or ``+01`` after a time
#: (``2024-03-01 08:00:00+01``, as PostgreSQL writes it; a date alone, ``2024-03-01``, is naive).
_HAS_OFFSET_RE: Final[str] = r"(?:[Zz]|[+-]\d\d:?\d\d|:\d\d(?:\.\d+)?\s*[+-]\d\d)$"

#: CSV rows without an end that are this many minutes apart (median) or more are noted: they may
#: be interval totals (hourly, daily), which a row without an end puts into one minute.
_COARSE_ROWS_MIN: Final[float] = 15.0

#: CSV column names that say "the end of the row's interval" but are not ``end``.
_END_LIKE_RE: Final[re.Pattern[str]] = re.compile(
    r"(?:end|stop|until)[\s_.-]*(?:time|date|datetime|timestamp|ts)?|enddate|endtime|to"
)

Format = Literal["auto", "csv", "fit", "apple-health"]


# --------------------------------------------------------------------------- the series type


@dataclass(frozen=True)
class StepSeries:
    """Steps per minute from one wearable export.

    Attributes
    ----------
    steps
        Steps in each minute (float). The index is a time-zone-aware DatetimeIndex, one row per
        minute, complete from the first to the last minute with data; NaN marks an unknown
        minute (no data: device not worn, phone on the desk, a gap in the file).
    source
        Where the data came from: ``"csv"``, ``"garmin-fit"`` or ``"apple-health"``.
    notes
        Every cleaning action taken, in plain words.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.date_range("2024-03-01 08:00", periods=3, freq="min", tz="Europe/Berlin")
    >>> s = StepSeries(pd.Series([100.0, float("nan"), 20.0], index=idx), "csv")
    >>> s.total_steps, s.known_minutes
    (120.0, 2)
    >>> s.day().steps.index[0]
    Timestamp('2024-03-01 00:00:00+0100', tz='Europe/Berlin')
    """

    steps: pd.Series
    source: str
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.steps, pd.Series):
            raise ParameterError(
                f"StepSeries.steps must be a pandas Series, not {type(self.steps).__name__}"
            )
        idx = self.steps.index
        if not isinstance(idx, pd.DatetimeIndex) or idx.tz is None:
            raise ParameterError(
                "StepSeries.steps must have a time-zone-aware DatetimeIndex; "
                f"got {type(idx).__name__} with tz={getattr(idx, 'tz', None)}"
            )
        if not isinstance(self.source, str):
            raise ParameterError(f"StepSeries.source = {self.source!r} is not text; allowed: a str such as 'csv'")
        if isinstance(self.notes, str) or not all(isinstance(n, str) for n in self.notes):
            raise ParameterError(f"StepSeries.notes = {self.notes!r} is not notes; allowed: a tuple of str")
        object.__setattr__(self, "notes", tuple(self.notes))
        if len(idx):
            first, last = idx.min(), idx.max()
            # local years: a day of 1970 in UTC+01:00 starts at 23:00 UTC on 1969-12-31
            if first.year < 1970 or last.year > 2099:
                raise ParameterError(f"StepSeries.steps runs from {first} to {last}, outside {_YEARS}; "
                                     "allowed: times in those years")
            if idx.asi8[0] % (60 * _PER_SECOND[idx.unit]):  # (the rows after it: 60 s apart, below)
                # day() would reindex onto whole minutes and find none of the rows
                raise ParameterError(f"StepSeries.steps at {idx[0]}: the time is not the start of a "
                                     "minute; allowed: one row per minute, at hh:mm:00")
        kind = self.steps.dtype.kind
        odd = (None if kind in "iuf" else next((v for v in self.steps.tolist() if not _is_real(v)), None)
               if kind == "O" else self.steps.iloc[0] if len(self.steps) else None)
        if odd is not None:  # text, truth values, complex numbers: not counts of steps
            raise ParameterError(
                f"StepSeries.steps holds {odd!r} ({type(odd).__name__}), not a number; allowed: "
                "steps per minute >= 0, or NaN for an unknown minute"
            )
        values = np.asarray(self.steps.to_numpy(dtype=float, na_value=np.nan), dtype=float)
        bad = np.flatnonzero(~np.isnan(values) & ~((values >= 0) & np.isfinite(values)))
        if len(bad):
            raise ParameterError(
                f"StepSeries.steps at {idx[bad[0]]} is {float(values[bad[0]])!r}; allowed: steps per "
                "minute >= 0 (finite), or NaN for an unknown minute"
            )
        if self.steps.dtype != np.float64:  # integers, nullable integers (pd.NA): as floats
            object.__setattr__(self, "steps", pd.Series(values, index=idx, name=self.steps.name))
        if len(idx) > 1:  # in the index's own unit: a row at 08:01:00.5 is not 60 s after 08:00
            step = np.diff(idx.asi8)
            if not np.all(step == 60 * _PER_SECOND[idx.unit]):
                step_s = step / _PER_SECOND[idx.unit]
                raise ParameterError(
                    "StepSeries.steps must have one row per minute with no missing minutes; "
                    f"found steps of {', '.join(sorted({f'{x:g}' for x in step_s[step_s != 60]}, key=float)[:5])} "
                    "s between rows; allowed: 60 s"
                )

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def tz(self) -> dt.tzinfo:
        """The series' time zone (local days are taken in it)."""
        tz = self.steps.index.tz  # type: ignore[attr-defined]
        assert tz is not None
        return tz  # type: ignore[no-any-return]

    @property
    def total_steps(self) -> float:
        """Sum of the known minutes' steps."""
        return float(np.nansum(self.steps.to_numpy(dtype=float)))

    @property
    def known_minutes(self) -> int:
        """Number of minutes whose step count is known (not NaN)."""
        return int(np.count_nonzero(~np.isnan(self.steps.to_numpy(dtype=float))))

    def dates(self) -> list[dt.date]:
        """The local calendar days the series touches, in order."""
        wall = self.steps.index.tz_localize(None).normalize()  # type: ignore[attr-defined]
        return [d.date() for d in wall.unique()]

    def steps_by_date(self) -> pd.Series:
        """Known steps per local calendar day (NaN for a day with no known minute)."""
        wall = self.steps.index.tz_localize(None).normalize()  # type: ignore[attr-defined]
        by_day = self.steps.groupby(wall).sum(min_count=1)
        by_day.index = [d.date() for d in by_day.index]
        return by_day

    def day(self, date: dt.date | str | None = None) -> StepSeries:
        """One local calendar day, midnight to midnight in the series' time zone.

        Parameters
        ----------
        date
            The day (a ``datetime.date`` or ``"YYYY-MM-DD"``). Default: the day with most known
            steps (the earliest such day on a tie).

        Returns
        -------
        StepSeries
            1440 minutes (1380 or 1500 on a day the clocks change); minutes outside the data are
            NaN.

        Examples
        --------
        >>> import pandas as pd
        >>> idx = pd.date_range("2024-03-31 01:58", periods=3, freq="min", tz="Europe/Berlin")
        >>> s = StepSeries(pd.Series([1.0, 2.0, 3.0], index=idx), "csv")
        >>> len(s.day("2024-03-31"))  # clocks go forward: a 23-hour day
        1380
        """
        day = _as_date(date) if date is not None else self._busiest_date()
        tz = self.tz
        start, end = _day_bounds(day, tz)
        idx = pd.date_range(start, end, freq="min", inclusive="left")
        values = self.steps.reindex(idx)
        values.name = "steps"
        return StepSeries(values.astype(float), self.source, (*self.notes, f"day {day.isoformat()}"))

    def _busiest_date(self) -> dt.date:
        if len(self.steps) == 0:
            raise ParameterError("date = None: the series holds no minutes, so it has no busiest "
                                 "day; give the date ('YYYY-MM-DD')")
        by_day = self.steps_by_date()
        known = by_day.dropna()
        if known.empty:
            return self.dates()[0]
        return known.index[int(np.argmax(known.to_numpy()))]  # type: ignore[no-any-return]

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame with columns ``time`` (tz-aware) and ``steps`` (float, NaN unknown)."""
        return pd.DataFrame({"time": self.steps.index, "steps": self.steps.to_numpy(dtype=float)})


# --------------------------------------------------------------------------- entry point


def read_steps(
    path: str | Path, *, format: Format = "auto", tz: str | None = None
) -> StepSeries:
    """Read minute-level step counts from a CSV, Garmin FIT or Apple Health export.

    Parameters
    ----------
    path
        The file.
    format
        ``"csv"``, ``"fit"``, ``"apple-health"``, or ``"auto"`` (by extension ``.csv``, ``.fit``,
        ``.xml``, else by the file's first bytes).
    tz
        Time zone of the series, an IANA name (``"Europe/Berlin"``) or an offset (``"+01:00"``).
        It sets which minutes make a local day, and naive CSV timestamps are read in it. Default:
        the UTC offset the file itself gives (FIT ``local_timestamp``; CSV or Apple timestamps
        that all carry one offset), else UTC.

    Returns
    -------
    StepSeries

    Raises
    ------
    calfpump.errors.DataError
        The file is missing, empty, truncated, malformed or holds impossible values; the message
        names the file, the line or record and the value.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "steps.csv"
    >>> _ = path.write_text("timestamp,steps\\n2024-03-01 08:00,-5\\n")
    >>> read_steps(path)
    Traceback (most recent call last):
    ...
    calfpump.errors.DataError: '...steps.csv', line 2: steps = '-5' is negative; allowed: ...
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterError(f"path = {path!r} is not a file path; allowed: a str or pathlib.Path")
    p = Path(path)
    zone = _parse_tz(tz)
    if format not in ("auto", "csv", "fit", "apple-health"):
        raise ParameterError(
            f"format = {format!r} is not one of 'auto', 'csv', 'fit', 'apple-health'"
        )
    try:
        if p.is_dir():
            raise DataError(f"{str(p)!r} is a folder, not a file; give the export file itself")
        if not p.is_file():
            if p.exists():
                raise DataError(f"{str(p)!r} is not a regular file (a pipe, device or socket)")
            raise DataError(f"{str(p)!r}: no such file")
        if p.stat().st_size == 0:
            raise DataError(f"{str(p)!r}: the file is empty")
        with p.open("rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                if p.suffix.lower() in _SPREADSHEET_SUFFIXES:
                    raise _not_read(p, f"a spreadsheet ({p.suffix})", "save the sheet as CSV")
                raise DataError(
                    f"{str(p)!r} is a zip archive; unzip it and give the file inside "
                    "(for Apple Health: apple_health_export/export.xml)"
                )
        kind = _detect_format(p) if format == "auto" else format
        if kind == "csv":
            return _read_csv(p, zone)
        if kind == "fit":
            return _read_fit(p, zone)
        return _read_apple(p, zone)
    except OSError as exc:  # permission denied, a name too long, an I/O error
        raise DataError(f"{str(p)!r}: cannot read the file ({exc.strerror or exc})") from None


#: File endings of spreadsheets, which are not read (a CSV file saved from one is).
_SPREADSHEET_SUFFIXES: Final[frozenset[str]] = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".numbers"})


def _not_read(path: Path, what: str, hint: str) -> DataError:
    return DataError(
        f"{str(path)!r} is {what}, which is not read; allowed: a CSV file (columns timestamp,steps), "
        f"a Garmin FIT file or an Apple Health export.xml; {hint}"
    )


def _detect_format(path: Path) -> str:
    ext = path.suffix.lower()
    if ext == ".csv":
        return "csv"
    if ext == ".fit":
        return "fit"
    if ext == ".xml":
        return "apple-health"
    with path.open("rb") as fh:
        head = fh.read(64)
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    # read as CSV, these failed with "not a UTF-8 text file" or a header that lacks its columns
    if head.startswith(b"PAR1") or ext in (".parquet", ".pq"):
        raise _not_read(path, "a Parquet file", "write its columns timestamp and steps as CSV")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")) or ext in (".json", ".jsonl"):
        raise _not_read(path, "a JSON file", "write its timestamps and step counts as CSV")
    if ext in _SPREADSHEET_SUFFIXES:
        raise _not_read(path, f"a spreadsheet ({path.suffix})", "save the sheet as CSV")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "apple-health"
    return "csv"


# --------------------------------------------------------------------------- shared helpers


def _parse_tz(tz: str | None) -> dt.tzinfo | None:
    if tz is None:
        return None
    if not isinstance(tz, str) or not tz.strip():
        raise ParameterError(f"tz = {tz!r} is not the name of a time zone; allowed: a str such as "
                             "'Europe/Berlin', 'UTC' or '+01:00'")
    m = re.fullmatch(r"(?:UTC)?([+-])(\d\d):?(\d\d)", tz.strip())
    if m:
        sign = 1 if m.group(1) == "+" else -1
        hours, minutes = int(m.group(2)), int(m.group(3))
        if hours > 23 or minutes > 59:
            raise ParameterError(
                f"tz = {tz!r} is not a UTC offset; allowed: -23:59 to +23:59 (minutes 00-59), "
                "e.g. '+01:00' or '-05:30', or an IANA name such as 'Europe/Berlin'"
            )
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    if tz.strip().upper() in ("UTC", "Z"):
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(tz.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ParameterError(
            f"tz = {tz!r} is not a known time zone; allowed: an IANA name such as "
            "'Europe/Berlin' or 'America/Chicago', 'UTC', or an offset such as '+01:00'"
        ) from None


def _fixed_zone(offset_s: int) -> dt.tzinfo:
    return dt.UTC if offset_s == 0 else dt.timezone(dt.timedelta(seconds=offset_s))


def _format_offset(offset_s: int) -> str:
    sign = "+" if offset_s >= 0 else "-"
    h, rem = divmod(abs(offset_s), 3600)
    return f"{sign}{h:02d}:{rem // 60:02d}"


def _choose_zone(zone: dt.tzinfo | None, offsets_s: Iterable[int], notes: list[str]) -> dt.tzinfo:
    """The series' zone: the one asked for, else the file's single UTC offset, else UTC."""
    if zone is not None:
        return zone
    seen = sorted(set(offsets_s))
    if len(seen) == 1:
        return _fixed_zone(seen[0])
    if len(seen) > 1:
        notes.append(
            "timestamps carry several UTC offsets ("
            + ", ".join(_format_offset(o) for o in seen[:4])
            + "); series kept in UTC; pass tz (e.g. 'Europe/Berlin') for local days"
        )
    return dt.UTC


def _unix_seconds(idx: pd.DatetimeIndex | pd.Series) -> np.ndarray:
    # a coarse epoch: times outside pandas' nanosecond range (a year 1600 or 9999) stay in the
    # parsed unit instead of overflowing; they are refused by the callers with their line
    epoch = pd.Timestamp(0, tz="UTC").as_unit("s")
    delta = idx - epoch
    if isinstance(delta, pd.Series):
        return np.asarray(delta.dt.total_seconds().to_numpy(dtype=float))
    return np.asarray(delta.total_seconds().to_numpy(dtype=float))


def _day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and the last instant (exclusive) of the local day ``day`` in ``tz``.

    A midnight the clocks skip starts the day at the first time that exists; a midnight that
    happens twice (the clocks go back from 01:00 to 00:00, as in Cuba) starts the day at its
    first occurrence, and ends the day before at it.
    """
    def midnight(d: dt.date) -> pd.Timestamp:
        return pd.Timestamp(d).tz_localize(tz, ambiguous=True, nonexistent="shift_forward")

    return midnight(day), midnight(day + dt.timedelta(days=1))


def _is_real(value: object) -> bool:
    """A real number or a missing value (None, NaN, pd.NA); not text, a truth value or complex."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _as_date(value: object) -> dt.date:
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if day is None:
        raise ParameterError(f"date = {value!r} is not a date; allowed: 'YYYY-MM-DD' or datetime.date")
    if not 1970 <= day.year <= 2099:
        raise ParameterError(f"date = {value!r} is outside {_YEARS}, the years step data may hold")
    return day


#: Ticks per second of each unit a DatetimeIndex may have.
_PER_SECOND: Final[dict[str, int]] = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}

#: Records that span more minutes than this are spread as runs (see _spread).
_LISTED_RUN_MIN: Final[int] = 1440


def _spread(
    start_s: np.ndarray, end_s: np.ndarray, amount: np.ndarray, where: str
) -> tuple[np.ndarray, np.ndarray]:
    """Spread ``amount`` evenly over ``[start_s, end_s)``; per-minute totals.

    An interval with ``end_s`` NaN or not after ``start_s`` puts its whole amount in the minute
    holding ``start_s``. Returns the Unix minutes touched (sorted) and their totals. Intervals
    that overlap so much that they touch more minutes, all together, than 30 years of minutes
    plus two per interval (each one a few years long, say) are a DataError naming ``where``:
    spreading them would take gigabytes.
    """
    start = np.asarray(start_s, dtype=float)
    end = np.asarray(end_s, dtype=float)
    x = np.asarray(amount, dtype=float)
    span = end > start  # False for NaN
    m_pt = np.floor(start[~span] / 60.0).astype(np.int64)
    a, b, xs = start[span], end[span], x[span]
    m0 = np.floor(a / 60.0).astype(np.int64)
    m1 = np.ceil(b / 60.0).astype(np.int64) - 1
    n = m1 - m0 + 1
    if int(n.sum()) > MAX_SPAN_MIN + 2 * len(a):
        raise DataError(
            f"{where}: {len(a)} record(s) overlap so much that spreading them over their minutes "
            f"would take {int(n.sum()):,} minute entries (the longest record spans "
            f"{int(n.max()) / 1440.0:,.0f} days); allowed: records that cover at most 30 years of "
            "minutes all together; check the file's dates (a wrong year in an end?)"
        )
    # a long record's inner minutes all hold the same share: they are added as runs into one
    # array of the minutes spanned, not listed one by one (eight arrays of one entry per minute,
    # 1.9 GB for one record of 29 years); its first and last minutes are listed as the others
    long = n > _LISTED_RUN_MIN
    each = np.where(long, 1, n)  # a long record lists its first minute here, its last below
    rows = np.concatenate([np.repeat(np.arange(len(a)), each), np.flatnonzero(long)])
    first = np.repeat(np.cumsum(each) - each, each)
    minute = np.concatenate([m0[rows[:len(first)]] + (np.arange(len(first)) - first), m1[long]])
    lo = np.maximum(a[rows], minute * 60.0)
    hi = np.minimum(b[rows], minute * 60.0 + 60.0)
    with np.errstate(over="ignore"):  # a count near 1e308: inf, marked unknown by _build
        share = xs[rows] * (hi - lo) / (b - a)[rows]
        inner = xs[long] * 60.0 / (b - a)[long]
    all_m = np.concatenate([m_pt, minute])
    all_v = np.concatenate([x[~span], share])
    if len(all_m) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if not long.any():
        uniq, inv = np.unique(all_m, return_inverse=True)
        return uniq, np.bincount(inv, weights=all_v, minlength=len(uniq))
    first_m = int(all_m.min())
    size = int(all_m.max()) - first_m + 1
    if size > MAX_SPAN_MIN:
        raise DataError(
            f"{where}: the records span {size / 1440.0:,.0f} days, more than 30 years; check the "
            "file's dates (a wrong year in an end?)"
        )
    total = np.bincount(all_m - first_m, weights=all_v, minlength=size)
    covered = np.zeros(size, dtype=bool)
    covered[all_m - first_m] = True
    with np.errstate(over="ignore"):
        for k0, k1, v in zip((m0[long] + 1 - first_m).tolist(), (m1[long] - first_m).tolist(),
                             inner.tolist(), strict=True):
            total[k0:k1] += v
            covered[k0:k1] = True
    where_covered = np.flatnonzero(covered)
    values = total[where_covered]
    where_covered += first_m
    return where_covered, values


def _check_span(path: Path, first_s: float, last_s: float) -> None:
    """Refuse data outside 1970-2099 or spanning more than 30 years (Unix seconds).

    Called before records are spread over their minutes too: one corrupt end date could
    otherwise ask for billions of minutes.
    """
    first = pd.Timestamp(math.floor(first_s), unit="s", tz="UTC")
    last = pd.Timestamp(math.floor(last_s), unit="s", tz="UTC")
    if first_s < _EARLIEST_UNIX_S or last_s >= _LATEST_UNIX_S:
        raise DataError(
            f"{str(path)!r}: the data span {first} to {last}, outside {_YEARS}; "
            "check the timestamps (a wrong year or a zero timestamp)"
        )
    if (last_s - first_s) / 60.0 + 1 > MAX_SPAN_MIN:
        raise DataError(
            f"{str(path)!r}: the data span {first} to {last}, more than 30 years; "
            "check the timestamps (a wrong year or a zero timestamp)"
        )


def _build(
    path: Path,
    minutes: np.ndarray,
    values: np.ndarray,
    zone: dt.tzinfo,
    source: str,
    notes: list[str],
) -> StepSeries:
    """A complete per-minute StepSeries from known (Unix minute, steps) pairs."""
    if len(minutes) == 0:
        raise DataError(f"{str(path)!r}: no step data found")
    values = np.array(values, dtype=float)
    over = values > MAX_STEPS_PER_MIN
    if np.any(over):
        worst = int(np.argmax(np.where(over, values, -np.inf)))
        when = pd.Timestamp(int(minutes[worst]) * 60, unit="s", tz="UTC").tz_convert(zone)
        notes.append(
            f"{int(over.sum())} minute(s) over {MAX_STEPS_PER_MIN:g} steps marked unknown "
            f"(largest {values[worst]:g} steps at {when})"
        )
        values[over] = np.nan
    lo, hi = int(minutes.min()), int(minutes.max())
    _check_span(path, lo * 60.0, hi * 60.0)
    if len(minutes) == hi - lo + 1 and minutes[0] == lo and minutes[-1] == hi:  # every minute (sorted, distinct)
        full = values
    else:
        full = np.full(hi - lo + 1, np.nan)
        full[minutes - lo] = values
    idx = pd.date_range(
        pd.Timestamp(lo * 60, unit="s", tz="UTC"), periods=len(full), freq="min"
    ).tz_convert(zone)
    return StepSeries(pd.Series(full, index=idx, name="steps"), source, tuple(notes))


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path, zone: dt.tzinfo | None) -> StepSeries:
    lines = array("q")  # machine integers and floats, not a Python object per row
    stamps: list[str] = []
    ends: list[str] = []
    counts = array("d")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            while header is not None and not any(c.strip() for c in header):
                header = next(reader, None)
            if header is None:
                raise DataError(f"{str(path)!r}: the file is empty; expected a header 'timestamp,steps'")
            cols = [c.strip().lower() for c in header]
            missing = [c for c in ("timestamp", "steps") if c not in cols]
            if missing:
                seps = [name for sep, name in ((";", "semicolons"), ("\t", "tabs"))
                        if len(header) == 1 and sep in header[0]]
                hint = f" (its columns are separated by {seps[0]}; write commas)" if seps else ""
                raise DataError(
                    f"{str(path)!r}, line {reader.line_num}: header {shown(header)} lacks column(s) "
                    f"{missing}{hint}; expected a header such as 'timestamp,steps' (optional 'end')"
                )
            twice = [c for c in ("timestamp", "steps", "end") if cols.count(c) > 1]
            if twice:
                raise DataError(
                    f"{str(path)!r}, line {reader.line_num}: header {shown(header)} has column "
                    f"{twice[0]!r} {cols.count(twice[0])} times; allowed: each of 'timestamp', "
                    "'steps' and 'end' once (which one holds the data is not known)"
                )
            ends_like = [h for h, c in zip(header, cols, strict=True)
                         if c != "end" and _END_LIKE_RE.fullmatch(c)]
            if ends_like:  # read as a point in time, an hourly total would land in one minute
                raise DataError(
                    f"{str(path)!r}, line {reader.line_num}: column {shown(ends_like[0])} looks like "
                    "the end of each row's interval, but only a column named 'end' is read as one; "
                    "rename it 'end' (or remove it if the rows are single minutes)"
                )
            i_ts, i_st = cols.index("timestamp"), cols.index("steps")
            i_end = cols.index("end") if "end" in cols else None
            # the loop runs once per row (525,600 for a year of minutes): the messages are only
            # formatted for a row in error, and a number >= 0 is taken without _check_count
            inf = math.inf
            for row in reader:
                ts = row[i_ts].strip() if len(row) > i_ts else ""
                if not ts and not any(c.strip() for c in row):
                    continue  # a blank line
                line = reader.line_num
                raw = row[i_st].strip() if len(row) > i_st else ""
                if not ts:
                    raise DataError(f"{str(path)!r}, line {line}: timestamp is empty; "
                                    "allowed: ISO 8601, e.g. 2024-03-01T08:00:00+01:00")
                try:
                    value = float(raw)
                except ValueError:
                    value = math.nan
                if "_" in raw or not raw.isascii():  # '1_000', '\u0665': numbers to float(), not in a CSV
                    value = math.nan
                if not 0.0 <= value < inf:  # not a number, NaN, infinite or negative: an error
                    if [c.strip().lower() for c in row] == cols:
                        raise DataError(
                            f"{str(path)!r}, line {line} repeats the header {shown(','.join(row))} (two "
                            "files joined?); allowed: one header, on the first line; remove that line"
                        )
                    value = _check_count(raw, f"{str(path)!r}, line {line}")
                counts.append(value)
                lines.append(line)
                stamps.append(ts)
                ends.append(row[i_end].strip() if i_end is not None and len(row) > i_end else "")
    except UnicodeDecodeError as exc:
        raise DataError(f"{str(path)!r}: not a UTF-8 text file ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte in old Pythons
        raise DataError(f"{str(path)!r}, line {reader.line_num}: not a readable CSV file ({exc})") from None
    if not stamps:
        raise DataError(f"{str(path)!r}: no data rows after the header; expected rows 'timestamp,steps'")

    notes: list[str] = []
    line_arr = np.array(lines, dtype=np.int64)
    start_s, offsets, start_aware = _parse_iso(path, stamps, line_arr, zone, "timestamp")
    # (line, field, text) of the first naive and the first offset-carrying time
    naive = [(lines[i], "timestamp", stamps[i]) for i in np.flatnonzero(~start_aware)[:1]]
    aware = [(lines[i], "timestamp", stamps[i]) for i in np.flatnonzero(start_aware)[:1]]
    has_end = np.array([bool(e) for e in ends])
    end_s = np.full(len(stamps), np.nan)
    if has_end.any():
        sel = np.flatnonzero(has_end)
        end_s[sel], end_offsets, end_aware = _parse_iso(
            path, [ends[i] for i in sel], line_arr[sel], zone, "end"
        )
        offsets |= end_offsets
        naive += [(lines[sel[k]], "end", ends[sel[k]]) for k in np.flatnonzero(~end_aware)[:1]]
        aware += [(lines[sel[k]], "end", ends[sel[k]]) for k in np.flatnonzero(end_aware)[:1]]
    if zone is None and naive and aware:
        ln, field, text = min(naive)
        ln2, field2, text2 = min(aware)
        raise DataError(
            f"{str(path)!r}, line {ln}: {field} = {text!r} has no UTC offset, but line {ln2} "
            f"({field2} = {text2!r}) has one, and a naive time would be read as UTC; write the "
            "offset on every row, or give tz (e.g. 'Europe/Berlin') to read naive times in it"
        )
    if has_end.any():
        bad = np.flatnonzero(end_s[sel] <= start_s[sel])
        if len(bad):
            i = sel[bad[0]]
            raise DataError(
                f"{str(path)!r}, line {lines[i]}: end = {ends[i]!r} is not after timestamp = "
                f"{stamps[i]!r}; allowed: an end later than the start, or an empty end"
            )
    count_arr = np.array(counts, dtype=float)

    order = np.lexsort((np.nan_to_num(end_s, nan=-1.0), start_s))
    if np.any(np.diff(start_s) < 0):
        notes.append(f"rows were not in time order; sorted {len(stamps)} rows by timestamp")
    s_start, s_end, s_count = start_s[order], end_s[order], count_arr[order]
    same = (s_start[1:] == s_start[:-1]) & (
        (s_end[1:] == s_end[:-1]) | (np.isnan(s_end[1:]) & np.isnan(s_end[:-1]))
    )
    conflict = same & (s_count[1:] != s_count[:-1])
    if np.any(conflict):
        k = int(np.flatnonzero(conflict)[0])
        i, j = order[k], order[k + 1]
        raise DataError(
            f"{str(path)!r}: lines {lines[i]} and {lines[j]} give the same time "
            f"{stamps[i]!r} different step counts ({counts[i]:g} and {counts[j]:g}); "
            "remove one of them (keeping either silently could make a wrong day)"
        )
    keep = np.concatenate([[True], ~same])
    if not keep.all():
        notes.append(f"dropped {int((~keep).sum())} exact duplicate row(s)")
    s_start, s_end, s_count = s_start[keep], s_end[keep], s_count[keep]
    s_row = order[keep]

    point = np.isnan(s_end)
    if not point.all():  # a row with an end may not overlap another row: the same steps twice
        reach = np.maximum.accumulate(np.where(point, s_start, s_end))
        before = np.concatenate([[-np.inf], reach[:-1]])
        same_start = np.concatenate([[False], (s_start[1:] == s_start[:-1]) & ~(point[1:] & point[:-1])])
        clash = np.flatnonzero((s_start < before) | same_start)
        if len(clash):
            k = int(clash[0])
            other = k - 1 if same_start[k] else int(np.argmax(np.where(point, s_start, s_end)[:k]))
            i, j = s_row[k], s_row[other]
            what_j = f"{stamps[j]!r} to {ends[j]!r}" if ends[j] else f"{stamps[j]!r}"
            raise DataError(
                f"{str(path)!r}: line {lines[i]} (timestamp = {stamps[i]!r}) overlaps line "
                f"{lines[j]} ({what_j}); allowed: rows with an end that overlap no other row "
                "(the same steps would be counted twice, e.g. an hourly total next to the "
                "minutes of that hour)"
            )
    floored = int(np.count_nonzero(point & (s_start % 60.0 != 0.0)))
    if floored:
        notes.append(f"{floored} timestamp(s) not on a minute boundary were floored to the minute")
    pt_min = np.floor(s_start[point] / 60.0)
    shared = len(pt_min) - len(np.unique(pt_min))
    if shared:
        notes.append(f"{shared} row(s) fell in a minute that already had a row; their steps were added")
    if not point.all():
        notes.append(f"{int((~point).sum())} row(s) with an end were spread evenly over their minutes")
    elif len(np.unique(pt_min)) >= 3:
        gap_min = float(np.median(np.diff(np.unique(pt_min))))
        if gap_min >= _COARSE_ROWS_MIN:  # hourly or daily totals read as single minutes?
            notes.append(
                f"rows are a median {gap_min:g} minutes apart: each row's steps are put in its own "
                "minute and the minutes between rows are unknown; if a row is the total of an "
                "interval (an hour, a day), add an 'end' column to spread it"
            )
    _check_span(path, float(s_start.min()), float(np.nanmax(np.append(s_end, s_start.max()))))
    minutes, values = _spread(s_start, s_end, s_count, repr(str(path)))
    return _build(path, minutes, values, _choose_zone(zone, offsets, notes), "csv", notes)


def _check_count(raw: str, where: str) -> float:
    allowed = "allowed: a number of steps >= 0"
    try:
        if "_" in raw or not raw.isascii():  # float() takes '1_000' and other scripts' digits
            raise ValueError(raw)
        value = float(raw)
    except ValueError:
        raise DataError(f"{where}: steps = {shown(raw)} is not a number; {allowed}") from None
    if not math.isfinite(value):
        raise DataError(f"{where}: steps = {shown(raw)} is not a finite number; {allowed}")
    if value < 0:
        raise DataError(f"{where}: steps = {shown(raw)} is negative; {allowed}")
    return value


def _parse_iso(
    path: Path, stamps: Sequence[str], lines: np.ndarray, zone: dt.tzinfo | None, field: str
) -> tuple[np.ndarray, set[int], np.ndarray]:
    """Unix seconds of ISO 8601 strings (naive ones read in ``zone`` or UTC), the offsets seen,
    and which strings carry an offset. A time outside 1970-2099 is an error naming its line."""
    ser = pd.Series(list(stamps), dtype=object)
    has_off, offsets = _offsets(stamps)
    out = np.full(len(ser), np.nan)
    allowed = "allowed: ISO 8601, e.g. 2024-03-01T08:00:00+01:00 or 2024-03-01 08:00"

    def fail(i: int, why: str) -> DataError:
        return DataError(f"{str(path)!r}, line {lines[i]}: {field} = {shown(stamps[i])} {why}; {allowed}")

    if has_off.any():
        parsed = pd.to_datetime(ser[has_off], format="ISO8601", utc=True, errors="coerce")
        bad = np.flatnonzero(parsed.isna().to_numpy())
        if len(bad):
            raise fail(int(np.flatnonzero(has_off)[bad[0]]), "is not a valid time")
        out[has_off] = _unix_seconds(parsed)
    if (~has_off).any():
        naive_idx = np.flatnonzero(~has_off)
        try:
            parsed = pd.to_datetime(ser[~has_off], format="ISO8601", errors="coerce")
        except ValueError:  # "mixed timezones": an offset form not recognised above
            parsed = None
        if parsed is None or getattr(parsed.dt, "tz", None) is not None:
            for i in naive_idx:  # find the row
                one = pd.to_datetime(ser.iloc[[i]], format="ISO8601", errors="coerce")
                if getattr(one.dt, "tz", None) is not None:
                    raise fail(int(i), "has an unrecognised UTC offset (write e.g. +01:00)")
            raise fail(int(naive_idx[0]), "is not a valid time")  # pragma: no cover
        bad = np.flatnonzero(parsed.isna().to_numpy())
        if len(bad):
            raise fail(int(naive_idx[bad[0]]), "is not a valid time")
        local_zone = zone if zone is not None else dt.UTC
        try:
            localized = parsed.dt.tz_localize(local_zone, ambiguous="raise", nonexistent="raise")
        except ValueError:  # ambiguous or nonexistent local time: find the row
            for k, i in enumerate(naive_idx):
                try:
                    parsed.iloc[[k]].dt.tz_localize(local_zone, ambiguous="raise", nonexistent="raise")
                except ValueError:  # ambiguous or nonexistent local time: find the row
                    raise fail(
                        int(i), f"does not exist or is ambiguous in {local_zone} (clocks change)"
                        "; write its UTC offset"
                    ) from None
            raise
        out[~has_off] = _unix_seconds(localized)
    outside = np.flatnonzero((out < _EARLIEST_UNIX_S) | (out >= _LATEST_UNIX_S))
    if len(outside):
        raise fail(int(outside[0]), f"is outside {_YEARS} (a wrong year?)")
    return out, offsets, has_off


def _offsets(stamps: Sequence[str]) -> tuple[np.ndarray, set[int]]:
    """Which time strings end in a UTC offset (:data:`_HAS_OFFSET_RE`), and the offsets seen.

    Decided on each string's last 6 characters, once per distinct tail (a year of minute rows has
    a few thousand): ``Z``, ``+01:00`` and ``+0100`` are at most 6 characters long, so a string
    ends in one of them exactly when its tail does, and :data:`_OFFSET_RE` (at most 6 characters
    too) finds the same offset in the tail as in the string. Only ``+01`` after a time (whose
    fraction of a second and spaces may be any length) needs the whole string, and only when the
    last 3 characters are a sign and two digits. Row by row, the two regular expressions over
    whole strings took about 3 s per year of minute rows.
    """
    short = re.compile(r"(?:[Zz]|[+-]\d\d:?\d\d)$")  # _HAS_OFFSET_RE's alternatives of <= 6 chars
    hours = re.compile(r"[+-]\d\d$")
    whole = re.compile(_HAS_OFFSET_RE)
    by_tail: dict[str, tuple[bool, bool]] = {}  # tail -> (ends in a short offset, may end in +01)
    has_off = np.zeros(len(stamps), dtype=bool)
    tails: set[str] = set()
    for i, text in enumerate(stamps):
        tail = text[-6:]
        kind = by_tail.get(tail)
        if kind is None:
            kind = by_tail[tail] = (short.search(tail) is not None, hours.search(tail) is not None)
        if kind[0] or (kind[1] and whole.search(text) is not None):
            has_off[i] = True
            tails.add(tail)
    offsets: set[int] = set()
    for tail in tails:
        m = _OFFSET_RE.search(tail)
        assert m is not None  # every string with an offset ends in one _OFFSET_RE reads
        sign, hh, mm = m.groups()
        if sign is None:  # "Z"
            offsets.add(0)
        else:
            minutes = int(mm) if mm is not None else 0  # '+01': whole hours
            offsets.add((1 if sign == "+" else -1) * (int(hh) * 3600 + minutes * 60))
    return has_off, offsets


# --------------------------------------------------------------------------- Garmin FIT


def _read_fit(path: Path, zone: dt.tzinfo | None) -> StepSeries:
    import fitdecode

    monitoring: list[tuple[float, str | None, float | None]] = []  # (t, activity, cumulative)
    day_starts: list[float] = []
    summaries: list[float] = []
    records: list[tuple[float, float]] = []  # (t, steps/min)
    sports: set[Any] = set()
    offsets: set[int] = set()
    bad_offset: tuple[str, int, int] | None = None  # (message, local_timestamp, timestamp)
    untimed = 0
    relative = 0  # messages timed relative to the device's start (FIT time below 0x10000000)
    last_ts: int | None = None
    # FIT allows several files chained in one; a chain may hold the same data twice (a device
    # that wrote a day's file again, two exports joined). A counter reading, day start, record or
    # summary seen again in a later part (same time and values) is taken once; data of a later
    # part that overlap the earlier parts' times without being the same are noted.
    chain = _FitChain()
    try:
        with fitdecode.FitReader(
            str(path),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitHeader):
                    chain.next_part()
                    continue
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                ts_raw = _fit_raw(frame, "timestamp")
                if isinstance(ts_raw, int) and ts_raw >= _FIT_MIN_ABSOLUTE:
                    last_ts = ts_raw
                local_raw = _fit_raw(frame, "local_timestamp")
                if isinstance(local_raw, int) and isinstance(ts_raw, int) and ts_raw >= _FIT_MIN_ABSOLUTE:
                    off = round((local_raw - ts_raw) / 900.0) * 900
                    low, high = _FIT_OFFSET_RANGE_S
                    if low <= off <= high:
                        offsets.add(off)
                    elif bad_offset is None:
                        bad_offset = (frame.name, local_raw, ts_raw)
                name = frame.name
                if name == "monitoring_info" and last_ts is not None:
                    if chain.first_time("monitoring", (float(last_ts), "__day_start__", None)):
                        day_starts.append(float(last_ts))
                        monitoring.append((float(last_ts), "__day_start__", None))
                elif name == "monitoring":
                    if _fit_value(frame, "duration_min") is not None:
                        steps = _fit_value(frame, "steps")
                        if steps is not None and chain.first_time(
                            "summary", (ts_raw, float(steps)), check_overlap=False
                        ):
                            summaries.append(float(steps))
                        continue
                    t: int | None
                    if isinstance(ts_raw, int) and ts_raw < _FIT_MIN_ABSOLUTE:
                        relative += 1
                        continue
                    if ts_raw is not None:
                        t = ts_raw
                    else:
                        t16 = _fit_raw(frame, "timestamp_16")
                        if t16 is None or last_ts is None:
                            untimed += 1
                            continue
                        t = last_ts + ((int(t16) - last_ts) & 0xFFFF)
                        last_ts = t
                    act = _FIT_STEP_ACTIVITIES.get(_fit_value(frame, "activity_type"))
                    cum: float | None = None
                    steps = _fit_value(frame, "steps")
                    cycles = _fit_value(frame, "cycles")
                    if steps is not None:
                        cum = float(steps)
                    elif cycles is not None:
                        cum = 2.0 * float(cycles)  # one cycle of walking/running is a stride
                    reading = (float(t), act if cum is not None else None, cum)
                    if chain.first_time("monitoring", reading):
                        monitoring.append(reading)
                elif name == "record":
                    cad = _fit_value(frame, "cadence")
                    if isinstance(ts_raw, int) and ts_raw < _FIT_MIN_ABSOLUTE:
                        relative += 1
                    elif ts_raw is not None and isinstance(cad, (int, float)):
                        frac = _fit_value(frame, "fractional_cadence")
                        strides = float(cad) + (float(frac) if isinstance(frac, (int, float)) else 0.0)
                        if chain.first_time("record", (float(ts_raw), 2.0 * strides)):
                            records.append((float(ts_raw), 2.0 * strides))
                elif name in ("sport", "session", "lap"):
                    sport = _fit_value(frame, "sport")
                    if sport is not None:
                        sports.add(sport)
    except fitdecode.FitError as exc:
        raise DataError(
            f"{str(path)!r}: not a complete, readable FIT file ({type(exc).__name__}: {exc}); "
            "a truncated or corrupted file is refused rather than read as a partial day"
        ) from None
    except (ValueError, KeyError, IndexError, TypeError, struct.error, UnicodeDecodeError,
            OverflowError, OSError) as exc:  # a date_time far off: fitdecode's fromtimestamp
        raise DataError(f"{str(path)!r}: the FIT file could not be decoded ({exc})") from None
    notes: list[str] = chain.notes()
    if bad_offset is not None:  # not a time zone: the device's clock, not its steps, is off
        msg, local_raw, ts_raw = bad_offset
        notes.append(
            f"a {msg} message's local_timestamp ({local_raw}) is {(local_raw - ts_raw) / 3600.0:+.4g} h "
            f"from its timestamp ({ts_raw}), not a UTC offset (-12:00 to +14:00): ignored"
            + ("" if offsets else "; series kept in UTC; pass tz (e.g. 'Europe/Berlin') for local days")
        )
    if untimed:
        notes.append(f"{untimed} monitoring message(s) without a usable time were skipped")
    if relative:
        notes.append(
            f"{relative} message(s) timed relative to the device's start (FIT time below "
            "0x10000000, not a date) were skipped"
        )
    if any(m[1] not in (None, "__day_start__") for m in monitoring):
        if records:
            notes.append(f"{len(records)} activity record(s) ignored: the all-day monitoring data are used")
        fit_t = [m[0] for m in monitoring]
        _check_span(path, min(fit_t) + FIT_EPOCH_UNIX_S, max(fit_t) + FIT_EPOCH_UNIX_S)
        minutes, values, first_min, last_min = _fit_monitoring(monitoring, offsets, notes, repr(str(path)))
        if summaries:
            notes.append(
                f"device daily summaries give {sum(summaries):g} steps; the counters give "
                f"{values.sum():g}"
            )
        # every minute from the first day start (or first record) to the last record is known
        known = np.arange(first_min, last_min + 1, dtype=np.int64)
        total = np.zeros(len(known))
        inside = (minutes >= first_min) & (minutes <= last_min)
        total[minutes[inside] - first_min] = values[inside]
        return _build(path, known, total, _choose_zone(zone, offsets, notes), "garmin-fit", notes)
    if records:
        not_steps = [s for s in sports if s not in _FIT_STEP_SPORTS]
        if not_steps:
            raise DataError(
                f"{str(path)!r}: the activity's sport is {not_steps[0]!r}; its cadence is not "
                "steps (allowed sports: walking, running, hiking, generic)"
            )
        rec_t = np.array([r[0] for r in records])
        spm = np.array([r[1] for r in records])
        order = np.argsort(rec_t, kind="stable")
        rec_t, spm = rec_t[order], spm[order]
        gap = np.append(np.diff(rec_t), 1.0)
        paused = int(np.count_nonzero(gap > MAX_RECORD_GAP_S))
        gap = np.where((gap > MAX_RECORD_GAP_S) | (gap <= 0), 1.0, gap)
        if paused:
            notes.append(f"{paused} gap(s) over {MAX_RECORD_GAP_S:g} s between records treated as pauses")
        notes.append(
            f"{len(records)} activity records: steps = 2 x cadence (strides/min) held until the "
            "next record; minutes without records are unknown"
        )
        unix_t = rec_t + FIT_EPOCH_UNIX_S
        _check_span(path, float(unix_t[0]), float(unix_t[-1]))
        minutes, values = _spread(unix_t, unix_t + gap, spm * gap / 60.0, repr(str(path)))
        return _build(path, minutes, values, _choose_zone(zone, offsets, notes), "garmin-fit", notes)
    raise DataError(
        f"{str(path)!r}: no step data: neither monitoring messages with walking/running cycles "
        "nor activity records with cadence"
    )


class _FitChain:
    """The parts of a chained FIT file (several FIT files in one), and what they repeat.

    A message of a later part that repeats one of an earlier part exactly (a counter reading:
    same time, activity and cumulative count; a day start: same time; an activity record: same
    time and cadence; a daily summary: same time and steps) is the same data written twice and is
    taken once. A message of a later part that is not a repeat but lies between the first and the
    last time of the earlier parts cannot be told apart from steps counted twice: it is taken as
    given and noted.
    """

    def __init__(self) -> None:
        self.part = 0
        self.seen: dict[tuple[str, tuple[Any, ...]], int] = {}  # message key -> first part
        self.earlier: dict[str, tuple[float, float]] = {}  # kind -> first, last time of earlier parts
        self.this: dict[str, tuple[float, float]] = {}  # kind -> first, last time of this part
        self.repeated: dict[str, int] = {}
        self.overlap: dict[str, tuple[int, int, float]] = {}  # kind -> (count, part, first time)

    def next_part(self) -> None:
        self.part += 1
        for kind, (lo, hi) in self.this.items():
            lo0, hi0 = self.earlier.get(kind, (lo, hi))
            self.earlier[kind] = (min(lo, lo0), max(hi, hi0))
        self.this = {}

    def first_time(self, kind: str, key: tuple[Any, ...], check_overlap: bool = True) -> bool:
        """Whether to take this message: False for an exact repeat of an earlier part's one."""
        first = self.seen.setdefault((kind, key), self.part)
        if first < self.part:
            self.repeated[kind] = self.repeated.get(kind, 0) + 1
            return False
        t = key[0]
        if check_overlap and isinstance(t, float):
            lo, hi = self.earlier.get(kind, (math.inf, -math.inf))
            if lo <= t <= hi:
                n, part, t0 = self.overlap.get(kind, (0, self.part, t))
                self.overlap[kind] = (n + 1, part, t0)
            lo, hi = self.this.get(kind, (t, t))
            self.this[kind] = (min(lo, t), max(hi, t))
        return True

    def notes(self) -> list[str]:
        if self.part <= 1:
            return []
        names = {"monitoring": "monitoring counter reading(s) or day start(s)",
                 "record": "activity record(s)", "summary": "daily summary message(s)"}
        out = []
        if self.repeated:
            out.append(
                f"the file chains {self.part} FIT files; "
                + ", ".join(f"{n} {names[k]}" for k, n in self.repeated.items())
                + " repeated exactly from an earlier part (same time and count) were taken once"
            )
        for kind, (n, part, t0) in self.overlap.items():
            when = pd.Timestamp(int(t0) + FIT_EPOCH_UNIX_S, unit="s", tz="UTC")
            out.append(
                f"the file chains {self.part} FIT files; part {part} holds {n} {names[kind]} "
                f"from {when} on that fall within the times of the earlier parts but are not the same "
                "readings: the reader cannot tell whether they count the same steps again; they "
                "were read as given, check the file (the steps may be counted twice)"
            )
        return out


def _fit_monitoring(
    monitoring: list[tuple[float, str | None, float | None]],
    offsets: set[int],
    notes: list[str],
    where: str,
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Per-minute increments of the cumulative monitoring counters (Unix minutes)."""
    # the device restarts its counters at its own local midnight, whatever zone is asked for
    local_off = next(iter(offsets)) if len(offsets) == 1 else None
    baseline: dict[str, float] = {}
    last_day: dict[str, int] = {}
    prev_t: float | None = None
    starts: list[float] = []
    ends: list[float] = []
    amounts: list[float] = []
    resets = 0
    ignored = 0
    # the first known minute: the first day start, else a minute before the first reading; the
    # same for the messages after each time the file goes back in time (the parts of a chained
    # file in reverse order), which would otherwise be left out
    first_t = math.inf
    for k, (t, act, _) in enumerate(monitoring):
        if k == 0 or t < monitoring[k - 1][0]:
            first_t = min(first_t, t if act == "__day_start__" else t - 60.0)
    last_t = monitoring[0][0]
    for t, act, cum in monitoring:
        if act == "__day_start__":
            baseline.clear()
            prev_t = t
            continue
        last_t = max(last_t, t)
        if act is None or cum is None:
            if cum is not None:
                ignored += 1
            prev_t = t
            continue
        if local_off is not None:  # counters restart at local midnight
            day = int((t - 1 + local_off) // 86400)
            if last_day.get(act, day) != day:
                baseline[act] = 0.0
            last_day[act] = day
        base = baseline.get(act, 0.0)
        if cum < base:
            resets += 1
            base = 0.0
        inc = cum - base
        baseline[act] = cum
        start = prev_t if prev_t is not None and prev_t < t else t - 60.0
        if inc > 0:
            starts.append(start)
            ends.append(t)
            amounts.append(inc)
        prev_t = t
    if resets:
        notes.append(f"{resets} counter reset(s) (device restart): counted from zero again")
    if ignored:
        notes.append(f"{ignored} monitoring cycle count(s) of non-walking activities ignored")
    notes.append(
        "monitoring: steps = 2 x walking/running cycles; each increment spread evenly since "
        "the previous monitoring message; minutes between messages count as 0 steps"
    )
    unix = FIT_EPOCH_UNIX_S
    minutes, values = _spread(
        np.array(starts) + unix, np.array(ends) + unix, np.array(amounts), where
    )
    first_min = math.floor((first_t + unix) / 60.0)
    last_min = math.ceil((last_t + unix) / 60.0) - 1
    return minutes, values, first_min, max(first_min, last_min)


def _fit_raw(frame: Any, name: str) -> Any:
    if not frame.has_field(name):
        return None
    return frame.get_value(name, raw_value=True, fallback=None)


def _fit_value(frame: Any, name: str) -> Any:
    if not frame.has_field(name):
        return None
    return frame.get_value(name, fallback=None)


# --------------------------------------------------------------------------- Apple Health


def _read_apple(path: Path, zone: dt.tzinfo | None) -> StepSeries:
    from xml.parsers import expat

    from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden

    sources: dict[str, tuple[array[float], array[float], array[float]]] = {}
    offset_texts: set[str] = set()
    where = str(path)
    # Streamed with expat: no tree is built, so memory does not grow with the file. As in
    # defusedxml, any entity declaration or external reference is refused (no billion laughs,
    # no external entities); Apple's internal DTD declares elements and attributes only.
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    root: list[str] = []

    def entity_decl(name: str, is_pe: bool, value: str | None, base: str | None,
                    sysid: str | None, pubid: str | None, notation: str | None) -> None:
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def unparsed_entity(name: str, base: str | None, sysid: str | None, pubid: str | None,
                        notation: str | None) -> None:
        raise EntitiesForbidden(name, None, base, sysid, pubid, notation)

    def external_ref(context: str, base: str | None, sysid: str | None,
                     pubid: str | None) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    def on_start(tag: str, attrib: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 1:
            root.append(tag)
            if tag != "HealthData":
                raise DataError(
                    f"{where!r}: not an Apple Health export (root element {tag!r}, "
                    "expected 'HealthData')"
                )
        elif depth == 2 and tag == "Record" and attrib.get("type") == _APPLE_STEP_TYPE:
            line = f"{where!r}, line {parser.CurrentLineNumber}"
            _apple_record(line, attrib, sources, offset_texts)

    def on_end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser.EntityDeclHandler = entity_decl
    parser.UnparsedEntityDeclHandler = unparsed_entity
    parser.ExternalEntityRefHandler = external_ref
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise DataError(
            f"{where!r}, line {exc.lineno}, column {exc.offset}: malformed XML "
            f"({expat.errors.messages[exc.code]}); the export may be truncated"
        ) from None
    except DefusedXmlException as exc:
        raise DataError(
            f"{where!r}: refused: the XML declares entities or external references ({exc}); "
            "an Apple Health export never does, and entity expansion can exhaust memory"
        ) from None

    notes: list[str] = []
    if not sources:
        raise DataError(f"{where!r}: no {_APPLE_STEP_TYPE} records")
    _check_span(path, min(float(np.frombuffer(a[0]).min()) for a in sources.values()),
                max(float(np.frombuffer(a[1]).max()) for a in sources.values()))
    records: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    dropped = 0
    for name, (a, b, x) in sources.items():
        start, end, value = (np.frombuffer(arr, dtype=float) for arr in (a, b, x))
        order = np.lexsort((value, end, start))
        start, end, value = start[order], end[order], value[order]
        dup = (start[1:] == start[:-1]) & (end[1:] == end[:-1]) & (value[1:] == value[:-1])
        keep = np.concatenate([[True], ~dup])
        dropped += int(dup.sum())
        records[name] = (start[keep], end[keep], value[keep])
    if dropped:
        notes.append(f"dropped {dropped} exact duplicate record(s) (same source, times and value)")
    # records of one source that overlap in time are added: no rule says which one holds the
    # steps (one app writing minutes and hourly totals, or a re-synced record), so it is said
    inner = {n: np.flatnonzero(r[0][1:] < np.maximum.accumulate(r[1])[:-1]) + 1
             for n, r in records.items()}
    inner = {n: k for n, k in inner.items() if len(k)}
    if inner:
        name = min(inner, key=lambda n: records[n][0][inner[n][0]])
        first = pd.Timestamp(records[name][0][inner[name][0]], unit="s", tz="UTC")
        notes.append(
            f"{sum(len(k) for k in inner.values())} record(s) overlap in time an earlier record of "
            f"the same source (first: {name!r} at {first}); their steps were added, which counts "
            "the same steps twice if both hold them; check the export"
        )
    ranking = sorted(records, key=lambda n: (-float(records[n][2].sum()), n))
    totals = ", ".join(f"{n!r} ({records[n][2].sum():.0f} steps)" for n in ranking)
    # A record of a lower-ranked source that overlaps in time a record of a higher-ranked one
    # counted the same steps: it is dropped whole. Spread over the minutes the higher-ranked
    # source left empty (it writes nothing for a minute without steps), it would count them twice.
    per_source: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    cover_a, cover_b = np.zeros(0), np.zeros(0)
    overlapping = 0
    for k, name in enumerate(ranking):
        start, end, value = records[name]
        if k > 0:
            keep = ~_overlaps(start, end, cover_a, cover_b)
            overlapping += int(np.count_nonzero(~keep))
            start, end, value = start[keep], end[keep], value[keep]
            cover_a, cover_b = _merge_intervals(np.append(cover_a, start), np.append(cover_b, end))
        else:
            cover_a, cover_b = _merge_intervals(start, end)
        per_source[name] = _spread(start, end, value, f"{where!r}, source {shown(name)}")
    if overlapping:
        notes.append(
            f"{overlapping} record(s) of lower-ranked sources dropped: they overlap in time a "
            f"record of a higher-ranked source (the same steps); sources in order of total steps: "
            f"{totals}"
        )
    if len(ranking) > 1:
        all_m = np.concatenate([per_source[n][0] for n in ranking])
        all_v = np.concatenate([per_source[n][1] for n in ranking])
        rank = np.concatenate([np.full(len(per_source[n][0]), k) for k, n in enumerate(ranking)])
        order = np.lexsort((rank, all_m))
        all_m, all_v, rank = all_m[order], all_v[order], rank[order]
        first = np.concatenate([[True], all_m[1:] != all_m[:-1]])
        shared = int(np.count_nonzero(~first))
        minutes, values = all_m[first], all_v[first]
        if shared:
            notes.append(
                f"{shared} minute(s) had steps from more than one source; one source kept per "
                f"minute, in order of total steps: {totals}"
            )
    else:
        minutes, values = per_source[ranking[0]]
    offsets = {_apple_offset(where, t) for t in offset_texts}
    notes.append("records spread evenly over the minutes from startDate to endDate")
    spans = np.concatenate([r[1] - r[0] for r in records.values()])
    long = int(np.count_nonzero(spans > _LONG_RECORD_S))
    if long:
        notes.append(
            f"{long} record(s) span more than {_LONG_RECORD_S / 60:g} minutes (the longest "
            f"{spans.max() / 3600:.3g} h): their minutes hold an even share, not when the steps "
            "were taken (an app that writes hourly or daily totals)"
        )
    return _build(path, minutes, values, _choose_zone(zone, offsets, notes), "apple-health", notes)


def _merge_intervals(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of the intervals ``[a, b)`` (those of positive length) as sorted disjoint ones."""
    span = b > a
    a, b = a[span], b[span]
    if len(a) == 0:
        return a, b
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    reach = np.maximum.accumulate(b)
    first = np.flatnonzero(np.concatenate([[True], a[1:] >= reach[:-1]]))
    return a[first], np.maximum.reduceat(b, first)


def _overlaps(a: np.ndarray, b: np.ndarray, cover_a: np.ndarray, cover_b: np.ndarray) -> np.ndarray:
    """Which records ``[a, b)`` (a point when ``b == a``) overlap the disjoint sorted intervals."""
    if len(cover_a) == 0 or len(a) == 0:
        return np.zeros(len(a), dtype=bool)
    i = np.searchsorted(cover_b, a, side="right")  # the first interval that ends after a
    inside = i < len(cover_a)
    c = cover_a[np.minimum(i, len(cover_a) - 1)]
    return inside & np.where(b > a, c < b, c <= a)


def _apple_record(
    where: str,
    attrib: dict[str, str],
    sources: dict[str, tuple[array[float], array[float], array[float]]],
    offset_texts: set[str],
) -> None:
    source = attrib.get("sourceName", "")
    start_text = attrib.get("startDate", "")
    end_text = attrib.get("endDate", start_text)
    raw = attrib.get("value", "")
    what = f"{where}: step record (sourceName={shown(source)}, startDate={shown(start_text)})"
    unit = attrib.get("unit")
    if unit is not None and unit.strip() != "count":
        raise DataError(
            f"{what}: unit = {unit!r} is not a step count; allowed: 'count' (Apple Health writes "
            f"{_APPLE_STEP_TYPE} in 'count'; the file was changed or is not an Apple export)"
        )
    value = _check_count(raw, what)
    start = _apple_time(what, "startDate", start_text)
    end = _apple_time(what, "endDate", end_text)
    if end < start:
        raise DataError(f"{what}: endDate = {shown(end_text)} is before startDate; allowed: end >= start")
    offset_texts.add(start_text[19:].strip())
    arrays = sources.get(source)
    if arrays is None:
        arrays = sources[source] = (array("d"), array("d"), array("d"))
    arrays[0].append(start)
    arrays[1].append(end)
    arrays[2].append(value)


_APPLE_OFFSETS: dict[str, int] = {}


def _apple_offset(what: str, text: str) -> int:
    cached = _APPLE_OFFSETS.get(text)
    if cached is not None:
        return cached
    m = re.fullmatch(r"([+-])(\d\d):?(\d\d)", text)
    if not m or int(m.group(2)) > 23 or int(m.group(3)) > 59:
        raise DataError(f"{what}: UTC offset {text!r} not understood; allowed: e.g. +0100")
    off = (1 if m.group(1) == "+" else -1) * (int(m.group(2)) * 3600 + int(m.group(3)) * 60)
    _APPLE_OFFSETS[text] = off
    return off


_UNIX_EPOCH = dt.datetime(1970, 1, 1)


def _apple_time(what: str, field: str, text: str) -> float:
    """Unix seconds of an Apple Health date such as ``2024-03-01 08:00:00 +0100``."""
    try:
        local = dt.datetime.fromisoformat(text[:19])
        off = _apple_offset(what, text[19:].strip())
    except (ValueError, DataError):
        raise DataError(
            f"{what}: {field} = {shown(text)} is not a time; allowed: e.g. '2024-03-01 08:00:00 +0100'"
        ) from None
    unix_s = (local - _UNIX_EPOCH).total_seconds() - off
    if not _EARLIEST_UNIX_S <= unix_s < _LATEST_UNIX_S:
        raise DataError(f"{what}: {field} = {shown(text)} is outside {_YEARS} (a wrong year?)")
    return unix_s
