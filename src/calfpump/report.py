"""The story in one command: a self-contained HTML report for one person.

:func:`build_report` runs the virtual tests for a :class:`~calfpump.person.Person`
and collects every number in a typed :class:`Report`; :meth:`Report.write`
writes ``report.html`` (figures embedded as base64 PNG, opens offline) and
``report.json`` (the same numbers, machine-readable) into a folder, whole or
not at all. The report holds

* the leg's venous network with each node's pressure standing still and walking;
* foot pressure and calf volume through a 10-step walk (the ambulatory venous
  pressure test), pain-free against heel pain 6;
* the air-plethysmography curve with VV, EF and RVF;
* a day: foot pressure and lower-leg volume over 24 h (:func:`calfpump.day.simulate_day`);
* remedies (:data:`REMEDIES`): the change each makes in ambulatory pressure,
  EF, RVF and evening swelling, each from the same simulations run on the
  changed person or day (calf exercise and stretching: the person after
  :data:`PROGRAMME_WEEKS` weeks of :mod:`calfpump.programme`);
* the chain in plain language with its sources, the limits of the model and
  the warning signs that call for a vein specialist.

Its numbers are those of ``calfpump avp --exercise walk --json`` and
``calfpump apg --json`` for the same person (a test checks it).

A research and education model, not a diagnosis.

Examples
--------
>>> from calfpump import Person
>>> remedy("calf stretching").programme
('stretch calves 7/week for 12 weeks',)
>>> [r.name for r in REMEDIES][:2]
['walking breaks', 'calf exercise programme']
"""

from __future__ import annotations

import base64
import html
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .apg import APGResult, air_plethysmography
from .avp import AVPResult, ambulatory_venous_pressure
from .day import DayResult, Method, simulate_day
from .errors import CalfpumpError, DataError, OutputError, ParameterError, check_number
from .io import replaced_mode
from .network import Network
from .parameters import ParameterValues
from .person import Person, check_veins_only
from .programme import (
    DAYS_PER_WEEK,
    MAX_DAYS,
    CalfExercise,
    CalfStretch,
    Programme,
    simulate_programme,
)
from .protocol import Posture, Protocol
from .simulation import ParametersLike, resolve_parameters, simulate
from .validation import load_targets

#: Files a report folder holds.
REPORT_FILE = "report.html"
NUMBERS_FILE = "report.json"

#: The heel-pain level the report compares with pain-free (the issue's "heel pain 6").
COMPARISON_HEEL_PAIN = 6.0

#: Exercise of the ambulatory venous pressure test in the report: 10 steps at 100 steps/min.
AVP_EXERCISE = "walk"

# ---- the model's office day ----------------------------------------------------------------
#: The default day, from waking at 07:00, as named parts (so remedies can replace one part).
#: The day's timing is an assumption (a desk job with a short commute), not a measured diary.
DAY_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("morning", ("Sit for 30 minutes", "Walk for 15 minutes", "Stand for 15 minutes")),  # 07:00-08:00
    ("office_morning", ("Sit for 4 hours",)),                                             # 08:00-12:00
    ("lunch", ("Walk for 10 minutes", "Sit for 50 minutes")),                             # 12:00-13:00
    ("office_afternoon", ("Sit for 4 hours",)),                                           # 13:00-17:00
    ("home", ("Walk for 15 minutes", "Stand for 15 minutes", "Stand for 1 hour")),        # 17:00-18:30
    ("evening", ("Sit for 4.5 hours",)),                                                  # 18:30-23:00
    ("night", ("Lie for 8 hours",)),                                                      # 23:00-07:00
)


def default_day(changes: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """The model's office day as step strings, with some parts replaced.

    Examples
    --------
    >>> Protocol(default_day()).duration_s / 3600
    24.0
    >>> default_day({"evening": ["Swim for 30 minutes", "Sit for 4 hours"]})[-3:]
    ('Swim for 30 minutes', 'Sit for 4 hours', 'Lie for 8 hours')
    """
    if changes is not None and not isinstance(changes, Mapping):
        raise ParameterError(f"changes must map day parts to lists of steps, not {type(changes).__name__}")
    changes = dict(changes or {})
    names = [name for name, _ in DAY_PARTS]
    for name, part in changes.items():
        if isinstance(part, (str, bytes)) or not isinstance(part, Sequence):
            raise ParameterError(  # a str would be taken letter by letter
                f"day part {name!r} = {part!r} must be a list of steps, e.g. ['Sit for 4 hours']")
    unknown = sorted(set(changes) - set(names))
    if unknown:
        raise ParameterError(f"day parts {unknown} do not exist; parts are {names}")
    steps: list[str] = []
    for name, part in DAY_PARTS:
        steps.extend(changes.get(name, part))
    return tuple(steps)


# ---- remedies ------------------------------------------------------------------------------
#: Length of the two programme remedies, weeks: Kinoshita 2023's calf-raise trial and many calf
#: stretching trials (Radford 2006) ran about 12 weeks; Padberg 2004 ran 6 months.
PROGRAMME_WEEKS = 12
#: Calf exercise: 3 sessions a week (Borde 2015's full dose is 2 a week; Padberg 2004's
#: frequency is not in the abstract read, 3 is an assumption), as a line of calfpump.programme.
CALF_PROGRAMME = f"calf exercise 3/week for {PROGRAMME_WEEKS} weeks"
#: Calf stretching: daily (the full dose of calfpump.programme's stretching law).
STRETCHING_PROGRAMME = f"stretch calves 7/week for {PROGRAMME_WEEKS} weeks"
#: A 20-30 mmHg stocking (US class 20-30 mmHg; RAL II 23-32), taken at its middle.
STOCKING_mmHg = 25.0
#: Swimming or cycling 30 min a day: the WHO's 150-300 min a week of moderate activity on 5
#: days (Bull FC et al. Br J Sports Med 2020;54:1451-1462).
ACTIVITY_MIN = 30


@dataclass(frozen=True)
class Remedy:
    """One remedy: what it changes in the person and in the day.

    Attributes
    ----------
    name
        Short name shown in the table.
    change_person
        Person -> Person (the leg at once after the remedy), or ``None``: the leg is unchanged.
    day_changes
        Parts of :data:`DAY_PARTS` the remedy replaces (empty: the same day).
    dose
        The remedy in words with units (a programme's table row adds the changes it made).
    source
        Where the size comes from ("assumption" when untraceable).
    programme
        Lines of :mod:`calfpump.programme` (calf exercise and stretching blocks only): the
        leg is the person on the programme's last day (:func:`after_programme`), compared
        with the same person after as many days without it (:func:`natural_course`).
    weeks
        Length of ``programme``, weeks.
    """

    name: str
    change_person: Callable[[Person], Person] | None
    day_changes: Mapping[str, tuple[str, ...]]
    dose: str
    source: str
    programme: tuple[str, ...] = ()
    weeks: int = 0

    def __post_init__(self) -> None:
        if self.programme:
            blocks = Programme.create(list(self.programme)).blocks
            if not all(isinstance(b, CalfExercise | CalfStretch) for b in blocks) or self.weeks < 1:
                raise ParameterError(f"remedy {self.name!r}: a programme remedy holds calf exercise and "
                                     "stretching lines and lasts at least a week")
            if self.change_person is not None:
                raise ParameterError(f"remedy {self.name!r}: a programme remedy changes the leg "
                                     "through its programme only")


_EVENING_LEFT = "Sit for 4 hours"  # the evening's 4.5 h less the 30 minutes of activity
_PROGRAMME_SOURCE = ("calfpump.programme (docs/programme.md): strength plateau +30 % (Peterson MD et "
                     "al. Ageing Res Rev 2010;9:226-237), full at 2 sessions a week (Borde R et al. "
                     "Sports Med 2015;45:1693-1720), gain time constant 10 weeks (assumption); heel "
                     "raises count as half a stretch (assumption); direction as Padberg FT et al. J "
                     "Vasc Surg 2004;39:79-87 (EF up, RVF down after 6 months in CVI)")
_STRETCH_SOURCE = ("calfpump.programme (docs/programme.md): ankle range +3.0 degrees (Radford JA et al. "
                   "Br J Sports Med 2006;40:870-875), gain time constant 2 weeks (assumption); heel pain "
                   "natural course fitted to Hansen L et al. Orthop J Sports Med 2018, resolving 4 times "
                   "faster with daily stretching (direction DiGiovanni BF et al. J Bone Joint Surg Am "
                   "2003; magnitude assumption)")

#: Every remedy the report compares, in one table.
REMEDIES: tuple[Remedy, ...] = (
    Remedy("walking breaks", None,
           {"office_morning": ("(Sit for 50 minutes, Walk for 10 minutes) x 4",),
            "office_afternoon": ("(Sit for 50 minutes, Walk for 10 minutes) x 4",)},
           "a 10-minute walk every hour at the desk",
           "assumption (dose); walking is the calf pump's own exercise (Stick 1992)"),
    Remedy("calf exercise programme", None, {},
           f"calf exercise (heel raises) 3 sessions a week for {PROGRAMME_WEEKS} weeks",
           _PROGRAMME_SOURCE, programme=(CALF_PROGRAMME,), weeks=PROGRAMME_WEEKS),
    Remedy("athletic shoes instead of firm flat", lambda p: p.with_changes(footwear="athletic"), {},
           "footwear: athletic",
           "Lerebourg L et al. PLOS ONE 2020 (direction); magnitude assumption (calfpump.footwear)"),
    Remedy("orthotics instead of firm flat", lambda p: p.with_changes(footwear="orthotic"), {},
           "footwear: orthotic (arch support)",
           "Lerebourg L et al. PLOS ONE 2020 (direction); magnitude assumption (calfpump.footwear)"),
    Remedy("calf stretching", None, {},
           f"calf stretching every day for {PROGRAMME_WEEKS} weeks",
           _STRETCH_SOURCE, programme=(STRETCHING_PROGRAMME,), weeks=PROGRAMME_WEEKS),
    Remedy("20-30 mmHg stocking", lambda p: p.with_changes(stocking_mmHg=STOCKING_mmHg), {},
           f"knee-high stocking, {STOCKING_mmHg:g} mmHg at the ankle",
           "US class 20-30 mmHg; gradient Partsch H et al. Dermatol Surg 2008;34:600-609; the "
           "stocking lever is not calibrated (docs/model-status.md)"),
    Remedy("legs raised in the evening", None,
           {"evening": ("Sit for 3.5 hours", "Lie with legs raised 30 degrees for 1 hour")},
           "1 hour lying with the legs raised 30 degrees before bed", "assumption (dose)"),
    Remedy("swimming", None, {"evening": (f"Swim for {ACTIVITY_MIN} minutes", _EVENING_LEFT)},
           f"{ACTIVITY_MIN} minutes of swimming each evening",
           "Bull FC et al. Br J Sports Med 2020;54:1451-1462 (WHO: 150-300 min a week)"),
    Remedy("cycling", None, {"evening": (f"Cycle at 60 rpm for {ACTIVITY_MIN} minutes", _EVENING_LEFT)},
           f"{ACTIVITY_MIN} minutes of cycling at 60 rpm each evening",
           "Bull FC et al. Br J Sports Med 2020;54:1451-1462 (WHO: 150-300 min a week)"),
)


def remedy(name: str) -> Remedy:
    """The remedy of :data:`REMEDIES` by name, or a clear error listing the names."""
    for r in REMEDIES:
        if r.name == name:
            return r
    raise ParameterError(f"remedy = {name!r} is not one of {[r.name for r in REMEDIES]}")


def after_programme(person: Person, lines: str | Sequence[str], weeks: int,
                    parameters: ParametersLike = "healthy") -> Person:
    """The person after ``weeks`` of a programme (:func:`calfpump.programme.simulate_programme`):
    their calf strength, ankle range and heel pain on the programme's last day. ``lines`` are
    programme lines (one line may be given as text); ``weeks`` a whole number, 1 to 521.

    Examples
    --------
    >>> p = after_programme(Person(), [STRETCHING_PROGRAMME], PROGRAMME_WEEKS)
    >>> round(p.ankle_rom_deg - Person().ankle_rom_deg, 2), p.calf_strength
    (2.99, 1.0)
    >>> after_programme(Person(heel_pain=6), [], 12).heel_pain < 6  # the natural course
    True
    """
    max_weeks = MAX_DAYS // DAYS_PER_WEEK
    n_weeks = check_number("weeks", weeks, 1, max_weeks, "weeks")  # named as given, not as days
    if n_weeks != int(n_weeks):
        raise ParameterError(f"weeks = {weeks!r} is not a whole number of weeks; allowed: 1 to {max_weeks} weeks")
    base = resolve_parameters(parameters)
    programme = lines if isinstance(lines, str) else list(lines)  # one line as text, not its letters
    res = simulate_programme(person, programme, base, days=DAYS_PER_WEEK * int(n_weeks), apg_every_days=None)
    last = res.daily.iloc[-1]
    return person.with_changes(calf_strength=float(last["calf_strength"]),
                               ankle_rom_deg=float(last["ankle_rom_deg"]),
                               heel_pain=float(last["heel_pain"]))


def natural_course(person: Person, weeks: int, parameters: ParametersLike = "healthy") -> Person:
    """The person after ``weeks`` without a programme: heel pain follows its natural course,
    strength and range stay (the comparison of the programme remedies)."""
    return after_programme(person, [], weeks, parameters)


def _programme_changes(before: Person, after: Person, without: Person) -> str:
    """What a programme changed, in words: 'calf strength 0.90 -> 1.09, ...' (heel pain when
    it differs from ``without``, the same weeks without the programme).

    Examples
    --------
    >>> now = Person(heel_pain=6)
    >>> _programme_changes(now, now.with_changes(calf_strength=1.2, heel_pain=5), now.with_changes(heel_pain=5))
    'calf strength 1.00 -> 1.20'
    """
    parts = []
    if after.calf_strength != before.calf_strength:
        parts.append(f"calf strength {before.calf_strength:.2f} -> {after.calf_strength:.2f}")
    if after.ankle_rom_deg != before.ankle_rom_deg:
        parts.append(f"ankle range {before.ankle_rom_deg:.1f} -> {after.ankle_rom_deg:.1f} degrees")
    if after.heel_pain != without.heel_pain:  # heel pain easing by itself is not the programme's
        parts.append(f"heel pain {before.heel_pain:.1f} -> {after.heel_pain:.1f} "
                     f"({without.heel_pain:.1f} without it)")
    return ", ".join(parts) or "no change"


# ---- sources -------------------------------------------------------------------------------
#: Every source the report cites, by key.
SOURCES: dict[str, str] = {
    "nicolaides2000": "Nicolaides AN et al. Investigation of chronic venous insufficiency: a consensus "
                      "statement. Circulation 2000;102:e126-e163 (the AVP test; chronic venous "
                      "insufficiency is produced by venous hypertension)",
    "stick1992": "Stick C et al. J Appl Physiol 1992;72:2063-2068 (ankle vein pressure: medians 84 "
                 "mmHg standing, 23.5 mmHg walking 3 km/h)",
    "christopoulos1987": "Christopoulos DG et al. J Vasc Surg 1987;5:148-159 (air plethysmography)",
    "nicolaides1993": "Nicolaides AN et al. J Vasc Surg 1993;17:414-419 (ulcer incidence by AVP band; "
                      "from a secondary summary, not re-checked)",
    "sullivan2015": "Sullivan J et al. Gait Posture 2015;41:688-693 (heel pain: less heel loading)",
    "foot2022": "Foot 2022;53:101951 (plantar fasciitis: slower walking, shorter steps)",
    "landorf2023": "Landorf KB et al. Musculoskelet Care 2023;21:35-44 (plantar fasciitis: 3.4 h a "
                   "day more standing, activity otherwise similar)",
    "lerebourg2020": "Lerebourg L et al. PLOS ONE 2020 (footwear and venous return, systematic review)",
    "tedeschi2012": "Tedeschi Filho W et al. J Vasc Surg 2012;56:1039-1044 (7 cm heels: lower EF)",
    "padberg2004": "Padberg FT et al. J Vasc Surg 2004;39:79-87 (calf exercise in CVI: EF up, RVF "
                   "down; calf pump decline goes with progression of CVI)",
    "peterson2010": "Peterson MD et al. Ageing Res Rev 2010;9:226-237 (resistance exercise over 50: "
                    "strength +24 to +33 %; the programme's strength plateau)",
    "borde2015": "Borde R et al. Sports Med 2015;45:1693-1720 (full training effect at 2 sessions a "
                 "week)",
    "radford2006": "Radford JA et al. Br J Sports Med 2006;40:870-875 (calf stretching: dorsiflexion "
                   "+2-3 degrees)",
    "hansen2018": "Hansen L et al. Orthop J Sports Med 2018;6:2325967118757983 (plantar fasciitis "
                  "still symptomatic: 80.5 % at 1 year, 50 % at 5; the programme's heel-pain course)",
    "digiovanni2003": "DiGiovanni BF et al. J Bone Joint Surg Am 2003;85:1270-1277 (stretching speeds "
                      "the resolution of plantar fasciitis; the size is an assumption)",
    "partsch2008": "Partsch H et al. Dermatol Surg 2008;34:600-609 (compression classes and gradient)",
    "bull2020": "Bull FC et al. Br J Sports Med 2020;54:1451-1462 (WHO 2020 physical activity "
                "guidelines)",
    "tessari2013": "Tessari M et al. Veins Lymphat 2013;2:e19 (lower-leg volume +4.7 % after 8 h "
                   "standing, -5.6 % after 10 h lying)",
}


def _target_range(target_id: str) -> str:
    """A published range from data/targets.csv, e.g. '15-30 (Nicolaides 2000 consensus ...)'."""
    for row in load_targets():
        if row["id"] == target_id:
            rng = f"{row['low']}-{row['high']}" if row["low"] and row["high"] else row["value"]
            status = "" if row["status"] == "read" else f"; {row['status']}"
            return f"{rng} ({row['source']}{status})"
    return ""  # pragma: no cover - the ids below exist


# ---- results with figures ------------------------------------------------------------------
@dataclass(frozen=True)
class NodePressure:
    """A node's mean pressure standing still and walking, mmHg."""

    node: str
    description: str
    standing_mmHg: float
    walking_mmHg: float


#: The protocol behind the network figure: quiet standing, then walking at the habitual cadence.
NETWORK_PROTOCOL: tuple[str, ...] = ("Stand for 2 minutes", "Walk for 3 minutes")
#: Window over which the pressures are averaged: the last minute of each step, s.
NETWORK_WINDOW_S = 60.0


@dataclass(frozen=True)
class NetworkPressures:
    """Each node's pressure at rest standing and while walking (mean of the last minute)."""

    label: str
    network: Network
    nodes: tuple[NodePressure, ...]
    cadence_spm: float

    def pressure(self, node: str) -> NodePressure:
        for n in self.nodes:
            if n.node == node:
                return n
        raise KeyError(f"no node {node!r}; nodes are {[n.node for n in self.nodes]}")

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {n.node: {"standing_mmHg": round(n.standing_mmHg, 3),
                         "walking_mmHg": round(n.walking_mmHg, 3)} for n in self.nodes}

    def plot(self, path: str | Path | None = None) -> Any:
        """The network drawn as a diagram, each node coloured and labelled by its pressure."""
        from .plotting import plot_network

        return plot_network(self, path)


def network_pressures(parameters: ParametersLike, label: str = "") -> NetworkPressures:
    """Stand 2 minutes, walk 3 minutes at the habitual cadence; mean pressures of each last minute.

    Examples
    --------
    >>> r = network_pressures("healthy")
    >>> r.pressure("ankle").walking_mmHg < r.pressure("ankle").standing_mmHg
    True
    """
    params = resolve_parameters(parameters)
    sol = simulate(NETWORK_PROTOCOL, params, save_every_s=0.05)
    ends = sol.protocol.start_times_s[1:] + (sol.protocol.duration_s,)
    nodes = []
    windows = [(sol.sample_step == k) & (sol.t >= ends[k] - NETWORK_WINDOW_S) for k in (0, 1)]
    for node in sol.network.nodes:
        p = sol.pressure(node.name)
        nodes.append(NodePressure(node.name, node.description,
                                  float(np.mean(p[windows[0]])), float(np.mean(p[windows[1]]))))
    step = sol.protocol[1]
    cadence = float(getattr(step, "cadence_spm", None) or params["habitual_cadence_spm"])
    return NetworkPressures(label or params.name, sol.network, tuple(nodes), cadence)


@dataclass(frozen=True)
class WalkComparison:
    """The 10-step ambulatory venous pressure test for several versions of one person."""

    labels: tuple[str, ...]
    results: tuple[AVPResult, ...]

    def to_dict(self) -> list[dict[str, Any]]:
        return [{"label": lab, **r.to_dict()} for lab, r in zip(self.labels, self.results, strict=True)]

    def plot(self, path: str | Path | None = None) -> Any:
        """Foot pressure and calf volume through the walk, AVP and RT90 marked for each."""
        from .plotting import plot_walk_comparison

        return plot_walk_comparison(self, path)


@dataclass(frozen=True)
class RemedyRow:
    """A remedy's outcomes (absolute) and their changes from what it is compared with.

    ``compared_with`` is ``"as they are"`` (the person today, the table's baseline) or, for a
    programme, ``"natural course"``: the same person after as many weeks without the programme
    (:attr:`RemedyTable.natural_course`), so that the change is the programme's own. ``weeks``
    is the programme's length (0: a remedy that acts at once).
    """

    name: str
    dose: str
    source: str
    compared_with: str
    weeks: int
    leg_changed: bool
    avp_min_mmHg: float
    ef_pct: float
    rvf_pct: float
    evening_swelling_pct: float
    d_avp_min_mmHg: float
    d_ef_pct: float
    d_rvf_pct: float
    d_evening_swelling_pct: float

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            out[k] = round(v, 3) if isinstance(v, float) else v
        return out


@dataclass(frozen=True)
class RemedyTable:
    """Remedies for one person, against the person as they are (``baseline``) or, for the
    programmes, against the same person after :data:`PROGRAMME_WEEKS` weeks without them
    (``natural_course``: AVP, EF, RVF, evening swelling, heel pain and weeks)."""

    baseline: dict[str, float]
    rows: tuple[RemedyRow, ...]
    natural_course: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": {k: round(v, 3) for k, v in self.baseline.items()},
                "natural_course": {k: round(v, 3) for k, v in self.natural_course.items()},
                "rows": [r.to_dict() for r in self.rows]}

    def plot(self, path: str | Path | None = None) -> Any:
        """Bars of the change each remedy makes in AVP, EF, RVF and evening swelling."""
        from .plotting import plot_remedies

        return plot_remedies(self, path)


# ---- the day (calfpump.day) ----------------------------------------------------------------
#: How the report runs :func:`calfpump.day.simulate_day`: the two-time-scale path (its error
#: against ``"full"`` is measured in tests/integration/test_day.py).
DAY_METHOD: Method = "fast"


def simulate_report_day(params: ParameterValues, protocol: Protocol) -> DayResult:
    """One simulated day of the report (:func:`calfpump.day.simulate_day`, fast path)."""
    return simulate_day(protocol, params, method=DAY_METHOD)


def _recorded_day(steps_file: str | Path, habitual_cadence_spm: float) -> tuple[Protocol, str]:
    """A day protocol from a wearable's step counts (calfpump.wearables, calfpump.day), and its
    description for the report: the file, the day (the one with most steps), how many of its
    minutes have step data, and the reader's cleaning notes (never a silent change of the day).
    Minutes with a few steps are walked at the person's habitual cadence, as ``calfpump day``
    walks them (:func:`calfpump.day.day_protocol`)."""
    from .day import day_protocol
    from .timeline import minute_table
    from .wearables import read_steps

    series = read_steps(steps_file)
    table = minute_table(series, None)
    known = int(table["steps"].notna().sum())
    if not known:  # every minute over 300 steps (marked unknown): not a recorded day at all
        raise DataError(
            f"{str(steps_file)!r}: no minute with a usable step count (every minute unknown"
            + (f": {'; '.join(series.notes)}" if series.notes else "")
            + "); allowed: a file with at least one minute of 0 to 300 steps")
    text = (f"recorded steps from {Path(steps_file).name}, day {table['time'].iloc[0].date()} "
            f"({series.tz}), {known} of {len(table)} minutes with step data, minutes without steps counted as sitting")
    if series.notes:
        text += "; the file's cleaning: " + "; ".join(series.notes)
    # a file name that is not UTF-8 (a byte held as '\udcXX') could not be written to the page:
    # the byte is shown as '\udcXX', as the command line's messages show it
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return day_protocol(table, habitual_cadence_spm=habitual_cadence_spm), text


def bedtime_s(protocol: Protocol) -> float:
    """Start of the night: the trailing run of lying (supine) steps; the day's end if none.

    Examples
    --------
    >>> bedtime_s(Protocol(default_day())) / 3600
    16.0
    """
    t = protocol.duration_s
    for start, step in zip(reversed(protocol.start_times_s), reversed(tuple(protocol)), strict=True):
        if step.posture is not Posture.SUPINE:
            break
        t = start
    return t


def evening_swelling_pct(day_result: DayResult, protocol: Protocol) -> float:
    """Tissue fluid gained since the morning, % of the lower leg, at bedtime (the last minute
    before the night's lying).

    The interstitial fluid alone (``tissue_fluid_change_pct``), not the whole lower-leg volume:
    the veins' filling follows the posture of that minute (an hour with the legs raised before
    bed empties them), which is not swelling.
    """
    minutes = day_result.minutes
    bed_min = bedtime_s(protocol) / 60.0
    before = minutes[minutes["time_min"] < bed_min]
    if len(before) == 0:
        before = minutes
    return float(before["tissue_fluid_change_pct"].iloc[-1])


# ---- the report ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    """Every number and result behind one report (build it with :func:`build_report`)."""

    person: Person
    label: str
    base: str
    parameters: ParameterValues
    avp: AVPResult
    apg: APGResult
    network: NetworkPressures
    reference_network: NetworkPressures
    walk: WalkComparison
    reference_label: str
    reference_apg: APGResult
    day: DayResult
    day_protocol: Protocol
    day_description: str
    evening_swelling_pct: float
    remedies: RemedyTable

    def numbers(self) -> dict[str, Any]:
        """All of the report's numbers, JSON-ready (``report.json``).

        ``avp`` and ``apg`` are exactly what ``calfpump avp --exercise walk --json`` and
        ``calfpump apg --json`` print for the same person and preset.
        """
        from . import __version__

        return {
            "calfpump_version": __version__,
            "label": self.label,
            "base": self.base,
            "person": self.person.model_dump(),
            "avp_exercise": AVP_EXERCISE,
            "avp": self.avp.to_dict(),
            "apg": self.apg.to_dict(),
            "reference": {"label": self.reference_label, "apg": self.reference_apg.to_dict()},
            "network": self.network.to_dict(),
            "reference_network": self.reference_network.to_dict(),
            "walk_comparison": self.walk.to_dict(),
            "day": self.day.to_dict(),
            "day_description": self.day_description,
            "evening_swelling_pct": round(self.evening_swelling_pct, 3),
            "remedies": self.remedies.to_dict(),
        }

    def figure_pngs(self) -> dict[str, bytes]:
        """Each figure of the report as PNG bytes, by section."""
        from .plotting import _pyplot, figure_png

        plt = _pyplot()
        makers: dict[str, Callable[[], Any]] = {
            "network": self.network.plot,
            "walk": self.walk.plot,
            "apg": self.apg.plot,
            "day": self.day.plot,
            "remedies": self.remedies.plot,
        }
        out = {}
        for key, make in makers.items():
            fig = make()
            try:
                out[key] = figure_png(fig)
            finally:
                plt.close(fig)
        return out

    def to_html(self) -> str:
        """The report as one self-contained HTML page (figures embedded, no external resources)."""
        return _html(self, self.figure_pngs())

    def write(self, out_dir: str | Path, force: bool = False) -> Path:
        """Write ``report.html`` and ``report.json`` into ``out_dir``; return the HTML's path.

        The files are written into a temporary folder beside ``out_dir`` and moved into place
        only when complete. A folder that exists and holds files is an error unless ``force``;
        with ``force`` only the report's own files are replaced, other files are left alone (a
        folder in the place of one of them is refused before any work).

        Raises
        ------
        OutputError
            When ``out_dir`` holds files (without ``force``), is a file, or cannot be written.
        CalfpumpError
            When a number of the report is NaN or infinite (``report.json`` would not be valid
            JSON); nothing is written.
        """
        target = Path(out_dir)
        check_output_dir(target, force)
        page = self.to_html()
        try:
            numbers = json.dumps(self.numbers(), indent=1, allow_nan=False)
        except ValueError as exc:  # NaN or an infinity: refuse rather than write invalid JSON
            raise CalfpumpError(f"a number of the report is not a finite number ({exc}); nothing was written") from None
        return _write_folder(target, {REPORT_FILE: page, NUMBERS_FILE: numbers}, force)


def check_output_dir(target: Path, force: bool) -> None:
    """Refuse an output folder before any work: one with files (without force), a file, no parent,
    a name the system cannot take (too long)."""
    try:
        _check_output_dir(target, force)
    except OutputError:
        raise
    except (OSError, ValueError) as exc:  # e.g. a name too long: Path.exists raises ENAMETOOLONG
        raise OutputError(
            f"cannot write the report to {str(target)!r}: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def _check_output_dir(target: Path, force: bool) -> None:
    if target.is_symlink():  # written through, as _write_folder writes it: check the folder it names
        target = Path(os.path.realpath(target))
    parent = target.parent if str(target.parent) else Path(".")
    if target.exists() and not target.is_dir():
        raise OutputError(f"--out {str(target)!r} is a file; give a folder for the report")
    if target.is_dir():
        try:
            held = sorted(p.name for p in target.iterdir())
        except OSError as exc:
            raise OutputError(f"cannot read folder {str(target)!r}: {exc.strerror or exc}") from None
        if held and not force:
            shown = ", ".join(held[:5]) + (", ..." if len(held) > 5 else "")
            raise OutputError(
                f"--out {str(target)!r} exists and holds {len(held)} file(s) ({shown}); "
                "give an empty or new folder, or --force to replace the report's files in it"
            )
        for name in (REPORT_FILE, NUMBERS_FILE):  # --force replaces files, never a folder
            if (target / name).exists() and not (target / name).is_file():
                raise OutputError(
                    f"--out {str(target)!r}: {name} there is not a file (a folder?); --force replaces the "
                    "report's files only; move it away or give another folder")
        if not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write the report into {str(target)!r}: the folder is not writable")
    elif not parent.is_dir():
        raise OutputError(f"cannot write the report to {str(target)!r}: folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write the report to {str(target)!r}: folder {str(parent)!r} is not writable")


def _write_folder(target: Path, files: dict[str, str], force: bool) -> Path:
    """Write ``files`` into a temp folder beside ``target``, then move them in (all or nothing).

    A symbolic link is written through: the folder it names gets the files, the link is kept
    (a folder cannot be renamed onto a link)."""
    shown_target = target
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    parent = target.parent if str(target.parent) else Path(".")
    try:
        # the name cut short, so that a long legal folder name still leaves room for the temporary one
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name[:64]}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write the report to {str(target)!r}: {exc.strerror or exc}") from None
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
            os.chmod(tmp / name, replaced_mode(target / name))  # a replaced file's, else the usual
        # an empty folder replaced keeps its permissions (a private folder stays private)
        os.chmod(tmp, replaced_mode(target, 0o777))
        if not target.exists():
            os.rename(tmp, target)
        elif not any(target.iterdir()):
            os.replace(tmp, target)  # an empty folder is replaced in one step
        else:
            if not force:  # pragma: no cover - check_output_dir refused it before the work
                raise OutputError(f"--out {str(target)!r} holds files; use --force")
            for name in files:
                os.replace(tmp / name, target / name)
    except OSError as exc:
        raise OutputError(f"cannot write the report to {str(target)!r}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return shown_target / REPORT_FILE


def _person_label(p: Person) -> str:
    pain = f"heel pain {p.heel_pain:g}" if p.heel_pain > 0 else "pain-free"
    return f"{pain}, {p.footwear} shoes"


def build_report(
    person: Person,
    *,
    base: ParametersLike = "healthy",
    steps_file: str | Path | None = None,
    label: str | None = None,
    reference: Person | None = None,
    reference_label: str | None = None,
) -> Report:
    """Run everything the report shows for ``person`` on the veins of ``base``.

    Parameters
    ----------
    person
        The person (see :class:`~calfpump.person.Person`).
    base
        The veins: a preset name or parameter values (default ``"healthy"``).
    steps_file
        A wearable's step counts for the day section (needs :mod:`calfpump.wearables`);
        without it, the model's office day (:func:`default_day`).
    label
        How the report names the person (default: heel pain and shoes).
    reference
        The pain-free comparison (default: the same person with no heel pain); the walk
        figure shows it, the person and the person with heel pain 6.

    Examples
    --------
    >>> r = build_report(Person(heel_pain=6, footwear="firm-flat"))  # doctest: +SKIP
    >>> r.numbers()["avp"]["min_mmHg"]  # doctest: +SKIP
    21.188
    """
    if not isinstance(person, Person):
        raise ParameterError(f"person must be a calfpump.Person, not {type(person).__name__}")
    veins = resolve_parameters(base)
    # the report puts the person (and the comparisons) on these veins: a base's own gait would
    # be dropped without a word
    check_veins_only(veins, "base", "base='healthy' with Person(heel_pain=6)")
    label = label or _person_label(person)
    if reference is None:
        reference = person.with_changes(heel_pain=0.0)
    elif not isinstance(reference, Person):
        raise ParameterError(f"reference must be a calfpump.Person, not {type(reference).__name__}")
    reference_label = reference_label or _person_label(reference)
    params = person.parameters(veins)
    if steps_file is not None:
        day_protocol, day_description = _recorded_day(steps_file, params["habitual_cadence_spm"])
    else:
        day_protocol = Protocol(default_day())
        day_description = "the model's office day (07:00 to 07:00; timing an assumption)"

    avp_cache: dict[Person, AVPResult] = {}
    apg_cache: dict[Person, APGResult] = {}

    def avp_of(p: Person) -> AVPResult:
        if p not in avp_cache:
            avp_cache[p] = ambulatory_venous_pressure(p.parameters(veins), exercise=AVP_EXERCISE)
        return avp_cache[p]

    def apg_of(p: Person) -> APGResult:
        if p not in apg_cache:
            apg_cache[p] = air_plethysmography(p.parameters(veins))
        return apg_cache[p]

    avp, apg = avp_of(person), apg_of(person)

    # the walk: pain-free (the reference) against heel pain 6, and the person if neither
    painful = person if person.heel_pain == COMPARISON_HEEL_PAIN else person.with_changes(
        heel_pain=COMPARISON_HEEL_PAIN)
    versions: list[tuple[str, Person]] = [(f"{reference_label}", reference)]
    if painful != reference:
        versions.append((f"heel pain {COMPARISON_HEEL_PAIN:g}, {painful.footwear} shoes", painful))
    if person not in (reference, painful):
        versions.append((f"{label} (this person)", person))
    walk = WalkComparison(tuple(v[0] for v in versions), tuple(avp_of(v[1]) for v in versions))

    network = network_pressures(params, label)
    reference_network = network_pressures(reference.parameters(veins), reference_label)

    # the day (calfpump.day) and the evening swelling of each remedy on the office day; the
    # person's office day is simulated once, for the day section and the remedies' baseline
    day_cache: dict[tuple[Person, tuple[str, ...]], tuple[DayResult, float]] = {}

    def office_day_of(p: Person, steps: tuple[str, ...]) -> tuple[DayResult, float]:
        key = (p, steps)
        if key not in day_cache:
            proto = Protocol(steps)
            result = simulate_report_day(p.parameters(veins), proto)
            day_cache[key] = (result, evening_swelling_pct(result, proto))
        return day_cache[key]

    office = default_day()
    if steps_file is None:
        day_result, swelling = office_day_of(person, office)
    else:
        day_result = simulate_report_day(params, day_protocol)
        swelling = evening_swelling_pct(day_result, day_protocol)

    def outcomes(p: Person, steps: tuple[str, ...]) -> dict[str, float]:
        a, g = avp_of(p), apg_of(p)
        return {"avp_min_mmHg": a.min_mmHg, "ef_pct": g.ef_pct, "rvf_pct": g.rvf_pct,
                "evening_swelling_pct": office_day_of(p, steps)[1]}

    baseline = outcomes(person, office)
    # the programmes are compared with the same weeks without them (heel pain's natural course)
    weeks = max((r.weeks for r in REMEDIES if r.programme), default=0)
    unchanged = natural_course(person, weeks, veins) if weeks else person
    natural = {**outcomes(unchanged, office), "heel_pain": unchanged.heel_pain, "weeks": float(weeks)}
    rows = []
    for r in REMEDIES:
        dose, compared_with, before = r.dose, "as they are", baseline
        if r.programme:
            if r.weeks != weeks:  # pragma: no cover - REMEDIES' programmes share one length
                raise ParameterError(f"remedy {r.name!r} lasts {r.weeks} weeks, the others {weeks}")
            after = after_programme(person, r.programme, r.weeks, veins)
            dose = f"{r.dose}: {_programme_changes(person, after, unchanged)}"
            compared_with, before = "natural course", natural
        else:
            after = r.change_person(person) if r.change_person is not None else person
        now = outcomes(after, default_day(r.day_changes))
        rows.append(RemedyRow(
            name=r.name, dose=dose, source=r.source, compared_with=compared_with, weeks=r.weeks,
            leg_changed=after != person,
            avp_min_mmHg=now["avp_min_mmHg"], ef_pct=now["ef_pct"], rvf_pct=now["rvf_pct"],
            evening_swelling_pct=now["evening_swelling_pct"],
            d_avp_min_mmHg=now["avp_min_mmHg"] - before["avp_min_mmHg"],
            d_ef_pct=now["ef_pct"] - before["ef_pct"], d_rvf_pct=now["rvf_pct"] - before["rvf_pct"],
            d_evening_swelling_pct=now["evening_swelling_pct"] - before["evening_swelling_pct"],
        ))
    remedies = RemedyTable(baseline, tuple(rows), natural)
    return Report(
        person=person, label=label, base=veins.name, parameters=params, avp=avp, apg=apg,
        network=network, reference_network=reference_network, walk=walk,
        reference_label=reference_label, reference_apg=apg_of(reference),
        day=day_result, day_protocol=day_protocol, day_description=day_description,
        evening_swelling_pct=swelling, remedies=remedies,
    )


# ---- demo ----------------------------------------------------------------------------------
#: Built-in example people (``data/people/*.toml``): the demo's person and its reference.
DEMO_PERSON = "office-worker-heel-pain"
DEMO_REFERENCE = "office-worker"


def example_person(name: str) -> Person:
    """A built-in example person by name (``data/people/NAME.toml``).

    Examples
    --------
    >>> example_person("office-worker-heel-pain").heel_pain
    6.0
    """
    folder = resources.files("calfpump") / "data" / "people"
    names = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
    if name not in names:
        raise ParameterError(f"example person {name!r} is not one of {names}")
    with resources.as_file(folder / f"{name}.toml") as path:
        return Person.from_toml(path)


def build_demo_report() -> Report:
    """The report of the built-in office worker with heel pain 6 in firm flat shoes,
    against the same office worker pain-free in athletic shoes."""
    return build_report(
        example_person(DEMO_PERSON), label="office worker, heel pain 6, firm flat shoes",
        reference=example_person(DEMO_REFERENCE),
        reference_label="office worker, pain-free, athletic shoes",
    )


# ---- HTML ----------------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:980px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .55em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
img{max-width:100%;height:auto;border:1px solid #eee}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.6em 1em;margin:1em 0}
.warn{background:#fdecea;border-left:4px solid #d32f2f;padding:.6em 1em;margin:1em 0}
.small{font-size:.85em;color:#555}ol.chain li{margin:.3em 0}
"""


def _e(x: object) -> str:
    return html.escape(str(x), quote=True)


def _f(x: float | None, digits: int = 1, signed: bool = False) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _img(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></p>'


def _direction(new: float, old: float, tol: float, up: str, down: str) -> str:
    if abs(new - old) < tol:
        return "about the same as"
    return up if new > old else down


def _chain(r: Report) -> str:
    p, ref = r.person, r.walk.results[0]
    ref_apg = r.reference_apg
    gait = (
        f"cadence {p.cadence_spm:g} &rarr; {p.effective_cadence_spm:.0f} steps/min, "
        f"foot pump (heel loading, shoe, arch) {100 * p.effective_foot_pump:.0f} % of normal, "
        f"ankle range {p.ankle_rom_deg:g} &rarr; {p.effective_ankle_rom_deg:.1f} degrees, "
        f"daily steps {p.steps_per_day} &rarr; {p.effective_steps_per_day:.0f}"
    )
    swell = f"{_f(r.evening_swelling_pct)} % of the lower leg in tissue fluid gained by bedtime ({_e(r.day_description)})"
    return f"""
<ol class="chain">
<li><b>Heel pain</b> ({_e(_f(p.heel_pain, 0))} of 10) and <b>{_e(p.footwear)}</b> shoes &rarr;
 <b>less walking and an altered gait</b>: {gait}. [Sullivan 2015; Foot 2022; Landorf 2023;
 Lerebourg 2020 &mdash; directions read, magnitudes are the model's assumptions]</li>
<li>&rarr; <b>weaker calf and foot pumps</b>: one tiptoe empties {_e(_f(r.apg.ef_pct))} % of the calf's
 venous volume (ejection fraction, EF), {_e(_direction(r.apg.ef_pct, ref_apg.ef_pct, 0.5, "more than", "less than"))}
 the {_e(_f(ref_apg.ef_pct))} % of {_e(r.reference_label)}; after ten tiptoes {_e(_f(r.apg.rvf_pct))} % stays
 (RVF; {_e(_f(ref_apg.rvf_pct))} %). [Christopoulos 1987]</li>
<li>&rarr; <b>higher venous pressure while walking</b>: the foot-vein pressure falls from
 {_e(_f(r.avp.rest_mmHg, 0))} mmHg standing to {_e(_f(r.avp.min_mmHg))} mmHg after 10 steps
 (ambulatory venous pressure), {_e(_direction(r.avp.min_mmHg, ref.min_mmHg, 0.05, "higher than", "lower than"))}
 the {_e(_f(ref.min_mmHg))} mmHg of {_e(r.reference_label)}; it refills in {_e(_f(r.avp.rt90_s))} s (RT90).
 [Nicolaides 2000; Stick 1992]</li>
<li>&rarr; <b>swelling</b>: {swell}. [Tessari 2013; calibrated to 8 h of standing only, see docs/model-status.md]</li>
<li>&rarr; <b>chronic venous disease risk</b>: chronic venous insufficiency is produced by venous
 hypertension [Nicolaides 2000]; in people with it, leg ulcers were rarer the lower the ambulatory
 pressure (none under 30 mmHg, 73 % over 80 mmHg) [Nicolaides 1993, secondary]; a declining calf
 pump goes with progression [Padberg 2004]. The model gives no risk figure for a person.</li>
</ol>
<p class="small">In this model the steps of the chain are small for a healthy leg: heel pain changes
the gait a little, and healthy valves keep the ambulatory pressure low. The model's magnitudes for
heel pain and shoes are assumptions within published directions (docs/levers.md).</p>
"""


def _html(r: Report, pngs: Mapping[str, bytes]) -> str:
    from . import __version__

    p = r.person
    person_rows = [(k, v) for k, v in p.model_dump().items() if v is not None]  # None: knee, hip from the height
    net_rows = []
    for n in r.network.nodes:
        ref = r.reference_network.pressure(n.node)
        net_rows.append((n.node, n.description, _f(n.standing_mmHg), _f(n.walking_mmHg),
                         _f(ref.standing_mmHg), _f(ref.walking_mmHg)))
    walk_rows = [(lab, _f(a.rest_mmHg), _f(a.min_mmHg), _f(a.drop_pct), _f(a.rt90_s))
                 for lab, a in zip(r.walk.labels, r.walk.results, strict=True)]
    apg_rows = [
        ("venous volume VV [mL]", _f(r.apg.vv_mL), _f(r.reference_apg.vv_mL), _target_range("apg_vv_healthy")),
        ("venous filling index VFI [mL/s]", _f(r.apg.vfi_mL_s, 2), _f(r.reference_apg.vfi_mL_s, 2),
         _target_range("apg_vfi_healthy")),
        ("ejected volume EV [mL]", _f(r.apg.ev_mL), _f(r.reference_apg.ev_mL), ""),
        ("ejection fraction EF [%]", _f(r.apg.ef_pct), _f(r.reference_apg.ef_pct), _target_range("apg_ef_healthy")),
        ("residual volume RV [mL]", _f(r.apg.rv_mL), _f(r.reference_apg.rv_mL), ""),
        ("residual volume fraction RVF [%]", _f(r.apg.rvf_pct), _f(r.reference_apg.rvf_pct),
         _target_range("apg_rvf_healthy")),
    ]
    b, nat = r.remedies.baseline, r.remedies.natural_course
    weeks = int(nat["weeks"])
    remedy_rows = [
        ("as they are (baseline, absolute values)", "", _f(b["avp_min_mmHg"]), _f(b["ef_pct"]), _f(b["rvf_pct"]),
         _f(b["evening_swelling_pct"], 2), ""),
        (f"{weeks} weeks without a programme (natural course, absolute values)",
         f"heel pain {_f(p.heel_pain)} -> {_f(nat['heel_pain'])}; strength and range unchanged",
         _f(nat["avp_min_mmHg"]), _f(nat["ef_pct"]), _f(nat["rvf_pct"]), _f(nat["evening_swelling_pct"], 2),
         "heel pain: Hansen 2018 (calfpump.programme)"),
    ]
    for row in r.remedies.rows:
        name = row.name + (f" ({row.weeks} weeks; against the natural course)"
                           if row.compared_with == "natural course" else "")
        remedy_rows.append((
            name, row.dose, _f(row.d_avp_min_mmHg, 2, True), _f(row.d_ef_pct, 1, True),
            _f(row.d_rvf_pct, 1, True), _f(row.d_evening_swelling_pct, 2, True), row.source,
        ))
    day_dict = r.day.to_dict()
    day_html = _img(pngs.get("day"), "foot pressure and lower-leg volume over the day") + _table(
        ("measure", "value"), [(k, _f(v, 2) if isinstance(v, float) else v) for k, v in day_dict.items()],
        numeric=(1,)) + f"<p>Evening swelling (tissue fluid gained by bedtime, % of the lower leg): {_e(_f(r.evening_swelling_pct, 2))} %.</p>"
    day_steps = ", ".join(step.label for step in r.day_protocol)
    sources = "".join(f"<li><b>{_e(k)}</b>: {_e(v)}</li>" for k, v in SOURCES.items())
    notes = []
    stocking = next((row for row in r.remedies.rows if row.name == "20-30 mmHg stocking"), None)
    if stocking is not None and stocking.d_avp_min_mmHg > 0:
        notes.append("The model's stocking raises the ambulatory pressure: the wrong way (a stocking "
                     "cannot yet lower the pressure in the veins under it, docs/model-status.md); "
                     "read its row as a limit of the model, not as advice")
    remedies_note = "".join(f'<p class="note">{_e(n)}.</p>' for n in notes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>calfpump report: {_e(r.label)}</title><style>{_CSS}</style></head>
<body>
<h1>calfpump report: {_e(r.label)}</h1>
<p class="small">calfpump {_e(__version__)} &middot; veins: {_e(r.base)} &middot; compared with:
{_e(r.reference_label)}</p>
<div class="warn"><b>A model for education and research, not a diagnosis.</b> These numbers come
from a simulated leg, not from this person's veins. See a doctor, and ask for a vein specialist, if
heel pain lasts weeks despite care, or if a leg swells, feels heavy, or shows varicose veins or skin
discoloration.</div>

<h2 id="summary">The chain in plain language</h2>
{_chain(r)}

<h2 id="person">The person</h2>
{_table(("field", "value"), person_rows)}

<h2 id="network">The leg's veins: pressure standing still and walking</h2>
<p>Mean pressure in each compartment over the last minute of 2 minutes' quiet standing and of
3 minutes' walking at the person's cadence ({_e(_f(r.network.cadence_spm, 0))} steps/min). Standing,
gravity sets the pressure (about {_e(_f(r.network.pressure("ankle").standing_mmHg, 0))} mmHg at the ankle;
published median 84 [Stick 1992]); walking, the calf and foot pumps empty the veins and the valves
keep the column from refilling.</p>
{_img(pngs.get("network"), "venous network diagram with pressures")}
{_table(("node", "what it is", "standing [mmHg]", "walking [mmHg]",
         f"standing, {r.reference_label} [mmHg]", f"walking, {r.reference_label} [mmHg]"),
        net_rows, numeric=(2, 3, 4, 5))}

<h2 id="walk">Ten steps: foot pressure and calf volume</h2>
<p>The ambulatory venous pressure test with 10 steps at 100 steps/min [Nicolaides 2000]: stand 60 s,
walk 10 steps, stand 180 s. The lowest foot-vein pressure is the ambulatory venous pressure; RT90 is
the time to refill 90 % of the drop. The same numbers as <code>calfpump avp --exercise walk --json</code>.
Published (healthy): minimum {_e(_target_range("avp_min_healthy"))}; RT90 {_e(_target_range("rt90_healthy"))}.</p>
{_img(pngs.get("walk"), "foot pressure and calf volume through a 10-step walk")}
{_table(("person", "rest [mmHg]", "ambulatory (minimum) [mmHg]", "drop [%]", "RT90 [s]"), walk_rows,
        numeric=(1, 2, 3, 4))}

<h2 id="apg">Air plethysmography</h2>
<p>The calf's venous volume while lying with the leg raised, standing, one tiptoe and ten tiptoes
[Christopoulos 1987]. The same numbers as <code>calfpump apg --json</code>.</p>
{_img(pngs.get("apg"), "air plethysmography curve with VV, EF and RVF")}
{_table(("measure", r.label, r.reference_label, "published (healthy)"), apg_rows, numeric=(1, 2))}

<h2 id="day">A day</h2>
<p>{_e(r.day_description)}: {_e(day_steps)}.</p>
{day_html}

<h2 id="remedies">Remedies</h2>
<p>Each remedy changes the person's leg (shoes, stocking, or strength and range through a programme)
or the day (breaks, legs raised, swimming, cycling), and every number below comes from running the
same virtual tests again on the changed person or day: the change in ambulatory venous pressure
(10 steps), ejection fraction and residual volume fraction (APG), and tissue fluid gained by bedtime on
the model's office day. A change of the day leaves the leg, and so the clinic tests, unchanged.
The calf exercise programme and calf stretching are followed week by week for {weeks} weeks
(calfpump.programme: strength and ankle range grow towards a plateau, heel pain follows its natural
course, faster with stretching); their leg is the person on the last day, and their change is
against the same person after {weeks} weeks without the programme, so that heel pain easing by
itself is not counted as the programme's effect.</p>
{remedies_note}
{_img(pngs.get("remedies"), "change made by each remedy")}
{_table(("remedy", "dose", "AVP [mmHg]", "EF [% points]", "RVF [% points]",
         "evening swelling [% points]", "source of the dose"), remedy_rows, numeric=(2, 3, 4, 5))}

<h2 id="warning">When to see a vein specialist</h2>
<div class="warn"><ul>
<li>heel pain lasting weeks despite rest, stretching and good shoes;</li>
<li>leg swelling, heaviness or aching that gets worse through the day;</li>
<li>varicose veins;</li>
<li>skin discoloration (brown or red patches), hardened skin or a sore near the ankle.</li>
</ul>Sudden swelling, pain or redness of one leg, or breathlessness, needs a doctor the same day.</div>

<h2 id="sources">Sources</h2>
<ul class="small">{sources}</ul>
<p class="small">Published ranges are read from calfpump's data/targets.csv, where each row carries its
source and whether it was checked. Everything else is the model's output for this person: see
docs/report.md, docs/model-status.md and docs/levers.md.</p>
</body></html>
"""
