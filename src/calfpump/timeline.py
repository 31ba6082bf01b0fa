"""One local day, minute by minute: steps from a wearable joined with a posture schedule.

Examples
--------
>>> import pandas as pd
>>> from calfpump.schedule import Schedule
>>> from calfpump.timeline import minute_table
>>> from calfpump.wearables import StepSeries
>>> idx = pd.date_range("2024-03-01 08:00", periods=2, freq="min", tz="Europe/Berlin")
>>> steps = StepSeries(pd.Series([100.0, 0.0], index=idx), "csv")
>>> table = minute_table(steps, Schedule.parse("23:00-07:00 lie"))
>>> len(table), list(table.columns)
(1440, ['time', 'steps', 'posture', 'posture_source'])
>>> table.iloc[[0, 480, 481, 482]][["steps", "posture", "posture_source"]].to_string()
'     steps posture posture_source\\n0      NaN     lie       schedule\\n480  100.0     sit        assumed\\n481    0.0     sit        assumed\\n482    NaN     sit        assumed'
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from calfpump.errors import ParameterError
from calfpump.schedule import POSTURES, Schedule
from calfpump.wearables import StepSeries, _as_date, _day_bounds, _parse_tz

__all__ = ["minute_table"]


def minute_table(
    steps: StepSeries | None,
    schedule: Schedule | None,
    *,
    date: dt.date | str | None = None,
    unknown: str = "sit",
    tz: str | None = None,
) -> pd.DataFrame:
    """Steps and posture for each minute of one local day.

    Parameters
    ----------
    steps
        Step counts; ``None`` for a day without step data (every minute unknown).
    schedule
        Posture schedule; ``None`` for none (every minute gets ``unknown``).
    date
        The local day. Default: the day of ``steps`` with most known steps. Required when
        ``steps`` is None.
    unknown
        Posture assumed in minutes no schedule block covers; one of ``lie``, ``legs-raised``,
        ``sit``, ``stand``.
    tz
        Time zone of the day when ``steps`` is None (default UTC). With ``steps`` the series'
        zone is used, and a different ``tz`` is an error.

    Returns
    -------
    pandas.DataFrame
        One row per minute (1440; 1380 or 1500 on a day the clocks change), columns ``time``
        (tz-aware start of the minute), ``steps`` (float, NaN = unknown), ``posture`` (the
        schedule's posture at that wall-clock minute, else the posture given as ``unknown``)
        and ``posture_source`` (``"schedule"``, or ``"assumed"`` where ``unknown`` was taken).
        The posture says what the body does when it is not stepping; the day simulator decides
        how steps and posture combine.
    """
    if steps is not None and not isinstance(steps, StepSeries):
        raise ParameterError(
            f"steps must be a StepSeries (from calfpump.read_steps) or None, not {type(steps).__name__}"
        )
    if schedule is not None and not isinstance(schedule, Schedule):
        raise ParameterError(
            f"schedule must be a Schedule (Schedule.parse or Schedule.from_file) or None, not "
            f"{type(schedule).__name__}"
        )
    if unknown not in POSTURES:
        raise ParameterError(f"unknown = {unknown!r} is not a posture; allowed: {', '.join(POSTURES)}")
    if steps is not None:
        zone = _parse_tz(tz)
        if zone is not None and str(zone) != str(steps.tz):  # it was ignored, silently
            raise ParameterError(
                f"tz = {tz!r} differs from the step series' zone {str(steps.tz)!r}, whose local days "
                "are used; read the file in the zone wanted (read_steps(path, tz=...)) or leave tz out"
            )
        day = steps.day(date)
        times = day.steps.index
        values = day.steps.to_numpy(dtype=float)
    else:
        if date is None:
            raise ParameterError("date = None: a date is required when there are no steps")
        zone = _parse_tz(tz) or dt.UTC
        d = _as_date(date)
        start, end = _day_bounds(d, zone)
        times = pd.date_range(start, end, freq="min", inclusive="left")
        values = np.full(len(times), np.nan)
    wall_min = np.asarray(times.hour * 60 + times.minute)  # type: ignore[attr-defined]
    if schedule is not None:
        posture = schedule.posture_by_minute(default=unknown)[wall_min]
        covered = schedule.covered_by_minute()[wall_min]
    else:
        posture = np.full(len(times), unknown)
        covered = np.zeros(len(times), dtype=bool)
    return pd.DataFrame(
        {
            "time": times,
            "steps": values,
            "posture": posture.astype(object),
            "posture_source": np.where(covered, "schedule", "assumed").astype(object),
        }
    )
