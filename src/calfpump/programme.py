"""Months: calf exercise, stretching, shoes and stockings, day by day.

A :class:`Programme` says what a person does over weeks and months: calf
exercise (heel raises, isotonic calf training as in Padberg 2004) and calf
stretching sessions per week, shoes or orthotics, compression stockings, each
from a start day to a stop day (so detraining after stopping can be written).
:func:`simulate_programme` follows the person's calf strength, ankle range of
motion and plantar-fasciitis heel pain day by day with first-order laws (below),
and at a few checkpoints runs the virtual air plethysmography
(:func:`calfpump.apg.air_plethysmography`) on the person of that day. This is
the two-time-scale idea: training changes the leg over weeks, the pump works in
seconds, so the venous network is simulated at the checkpoints only.

The laws (``x`` a state, ``x*`` the level the current week's activity leads to;
``x`` moves towards ``x*`` with a gain time constant when ``x* > x`` and with a
loss time constant otherwise, exactly integrated over each day):

* calf strength: ``S* = S0 (1 + G d)``, ``d = min(n / 2, 1)`` for ``n`` exercise
  sessions per week; ``G`` = 0.30 (Peterson MD et al., Ageing Res Rev
  2010;9:226-237, meta-analysis of resistance exercise in adults over 50:
  strength +24 to +33 %, leg press +29 +- 2 %); full effect at two sessions a
  week (Borde R et al., Sports Med 2015;45:1693-1720); gain time constant 10
  weeks (assumption: +21 % at 12 weeks, +28 % at 26); loss time constant 26
  weeks (assumption, consistent with strength still above baseline 12 weeks
  (Clin Physiol Funct Imaging 2009;29:316-319), 16 weeks (Aging Clin Exp Res
  2018, doi 10.1007/s40520-018-0970-5) and 6 months (Sherk KA et al., J Geriatr
  Phys Ther 2012;35:20-27) after stopping); this is maximal strength, and the calf
  pump sees it only up to the healthy level (:func:`calfpump.model.calf_pump_strength_factor`:
  a stronger calf lifts the body in a heel raise or a step with the same force, and
  intramuscular pressure follows force, Ballard RE et al., J Appl Physiol 1998;84:1976-1981),
  so training moves the pump of a leg weaker than healthy, and every leg through its ankle range;
* ankle range: ``R* = R0 + 3.0 deg * d``, ``d = min((1 - exp(-m/3.54)) / (1 - exp(-7/3.54)), 1)``
  for ``m`` = stretching sessions plus half the exercise sessions per week (full at 7); 3.0
  degrees from Radford JA et al., Br J Sports Med 2006;40:870-875 (weighted mean
  differences 2.07, 3.03 and 2.49 degrees after up to 15, 15-30 and over 30
  minutes of cumulative calf stretching); the dose shape gives three sessions
  a week 70 % of the effect of six (Cipriani DJ et al., J Strength Cond Res
  2012;26:2119-2129: 16.8 vs 24 % gain); heel raises count half a stretch
  (Young R et al., J Foot Ankle Res 2013;6:46: heel raises SMD 0.70-0.77,
  static stretching 0.70-1.69; the half is an assumption); gain time constant
  2 weeks (assumption), loss time constant 5 weeks (between Willy RW et al.
  2001, PMID 11297019: no retention 4 weeks after stopping, and Konrad A et al.,
  Sports Med Open 2025, doi 10.1186/s40798-025-00935-5: effect size -0.41 after
  2-6 weeks against +0.93 gained);
* heel pain: ``P = P0 s`` with ``s`` the expected still-symptomatic fraction of a
  population with that pain (``s`` = 1 on day 0: day 0 is taken as the pain's onset),
  ``ds/dt = -k (s - 0.44)``; ``k`` = 0.428 per year
  and the chronic fraction 0.44 fit Hansen L et al., Orthop J Sports Med
  2018;6:2325967118757983 (still symptomatic 80.5 % at 1 year, 50 % at 5, 44 %
  at 15; the fit gives 80.5, 50.6 and 44.1 %); treatment multiplies ``k`` by
  ``1 + 3 d + o``, ``d`` the stretching dose of the calf stretching sessions alone (heel
  raises do not count here) and ``o`` = 1 with orthotics (so orthotics alone double ``k``,
  daily stretching alone makes it 4 times, both 5 times; directions: DiGiovanni BF et al., J
  Bone Joint Surg Am 2003;85:1270-1277; Bishop C et al., BMC Musculoskelet
  Disord 2018;19:222; magnitudes assumption). The pain feeds back into gait and
  daily steps through :class:`~calfpump.person.Person`.

Examples
--------
>>> prog = Programme.create(["calf exercise 3/week for 12 weeks", "stockings 35 mmHg"])
>>> [b.label for b in prog.blocks]
['calf exercise 3/week, days 0-84', 'stockings 35 mmHg knee, days 0-end']
>>> r = simulate_programme(Person(), prog, days=28, apg_every_days=None)
>>> bool(r.daily["calf_strength"].iloc[-1] > 1.0)
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import CalfpumpError, ParameterError, check_number, refuse_non_numbers, shown
from .io import atomic_write, read_toml
from .parameters import ParameterValues
from .person import FootwearName, Person, StockingLength, check_veins_only, stocking_class_mmHg

if TYPE_CHECKING:  # pragma: no cover - pandas is imported when a programme runs (fast import calfpump)
    import pandas as pd  # type: ignore[import-untyped]

# ---- laws and their sources (see the module docstring) ----
#: Relative strength gain of a full training dose, at the plateau (Peterson 2010: 24-33 %).
STRENGTH_GAIN_MAX = 0.30
#: Exercise sessions per week that give the full effect (Borde 2015: two per week).
STRENGTH_FULL_DOSE_PER_WEEK = 2.0
#: Time constant of the strength gain, days (assumption).
STRENGTH_GAIN_TAU_DAYS = 70.0
#: Time constant of detraining, days (assumption within Sherk 2012 and others).
STRENGTH_LOSS_TAU_DAYS = 182.0
#: Ankle range gained by a full stretching dose, degrees (Radford 2006: 2.07-3.03).
ROM_GAIN_MAX_DEG = 3.0
#: Dose shape of stretching, sessions per week (Cipriani 2012: 3/week gives 70 % of 6/week).
ROM_DOSE_SCALE_PER_WEEK = 3.54
#: Weight of one exercise session as a stretch (Young 2013, direction; the half is an assumption).
ROM_EXERCISE_WEIGHT = 0.5
#: Time constants of the range gain and loss, days (assumption; loss between Willy 2001 and Konrad 2025).
ROM_GAIN_TAU_DAYS = 14.0
ROM_LOSS_TAU_DAYS = 35.0
#: Plantar fasciitis natural history fitted to Hansen 2018 (80.5 / 50 / 44 % at 1 / 5 / 15 years).
PF_CHRONIC_FRACTION = 0.44
PF_RESOLUTION_PER_YEAR = math.log((1.0 - PF_CHRONIC_FRACTION) / (0.805 - PF_CHRONIC_FRACTION))
#: Treatment factors on the resolution rate (assumptions; directions DiGiovanni 2003, Bishop 2018).
PF_STRETCH_RATE_GAIN = 3.0
PF_ORTHOTIC_RATE_GAIN = 1.0

DAYS_PER_WEEK = 7
DAYS_PER_MONTH = 30.4375
MAX_DAYS = 3650
MAX_SESSIONS_PER_WEEK = 14.0
#: Caps of the trained states (the Person's limits): calf strength and ankle range, degrees.
MAX_STRENGTH = 2.0
MAX_ANKLE_ROM_DEG = 80.0
#: Columns of the daily table, in order.
DAILY_COLUMNS: tuple[str, ...] = (
    "day", "week", "calf_strength", "ankle_rom_deg", "heel_pain", "steps_per_day",
    "exercise_per_week", "stretch_per_week", "footwear", "stocking_mmHg",
)
#: APG columns of the checkpoint table (those of :meth:`calfpump.apg.APGResult.to_dict`).
APG_COLUMNS: tuple[str, ...] = ("vv_mL", "vfi_mL_s", "ev_mL", "ef_pct", "rv_mL", "rvf_pct")


# ---------------------------------------------------------------------------------------------
# The programme: typed, validated blocks
# ---------------------------------------------------------------------------------------------
#: The blocks' fields that hold numbers (the others are names: kind, footwear, stocking_length).
_NUMERIC_FIELDS = ("start_day", "stop_day", "sessions_per_week", "stocking_mmHg")


class _Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    start_day: int = Field(default=0, ge=0, le=MAX_DAYS, description="first day (0 = the start)")
    stop_day: int | None = Field(default=None, ge=1, le=MAX_DAYS, description="first day without it (None: never stops)")

    @field_validator(*_NUMERIC_FIELDS, mode="before", check_fields=False)
    @classmethod
    def _numbers_are_numbers(cls, value: Any) -> Any:
        """``true`` or ``"3"`` in a programme file is an error, not 1 or 3 (as in a person file;
        a complex number too)."""
        return refuse_non_numbers(value)

    @model_validator(mode="after")
    def _stop_after_start(self) -> _Block:
        if self.stop_day is not None and self.stop_day <= self.start_day:
            raise ValueError(f"stop_day = {self.stop_day} must be after start_day = {self.start_day}")
        return self

    def active(self, day: int) -> bool:
        """Whether the block acts on ``day`` (``start_day <= day < stop_day``)."""
        return self.start_day <= day and (self.stop_day is None or day < self.stop_day)

    @property
    def _days(self) -> str:
        return f"days {self.start_day}-{'end' if self.stop_day is None else self.stop_day}"


class CalfExercise(_Block):
    """Calf exercise sessions (heel raises, isotonic calf training)."""

    kind: Literal["calf-exercise"] = "calf-exercise"
    sessions_per_week: float = Field(ge=0.0, le=MAX_SESSIONS_PER_WEEK)

    @property
    def label(self) -> str:
        return f"calf exercise {self.sessions_per_week:g}/week, {self._days}"


class CalfStretch(_Block):
    """Calf stretching sessions (static gastrocnemius-soleus stretches)."""

    kind: Literal["calf-stretch"] = "calf-stretch"
    sessions_per_week: float = Field(ge=0.0, le=MAX_SESSIONS_PER_WEEK)

    @property
    def label(self) -> str:
        return f"calf stretch {self.sessions_per_week:g}/week, {self._days}"


class Shoes(_Block):
    """Wearing a kind of footwear (``orthotic``: arch supports / orthoses)."""

    kind: Literal["shoes"] = "shoes"
    footwear: FootwearName

    @property
    def label(self) -> str:
        return f"shoes {self.footwear}, {self._days}"


class Stockings(_Block):
    """Wearing compression stockings."""

    kind: Literal["stockings"] = "stockings"
    stocking_mmHg: float = Field(ge=0.0, le=60.0)
    stocking_length: StockingLength = "knee"

    @property
    def label(self) -> str:
        return f"stockings {self.stocking_mmHg:g} mmHg {self.stocking_length}, {self._days}"


Block = Annotated[CalfExercise | CalfStretch | Shoes | Stockings, Field(discriminator="kind")]
_BLOCK = TypeAdapter(Block)
KINDS = ("calf-exercise", "calf-stretch", "shoes", "stockings")


class Programme(BaseModel):
    """What a person does, block by block (exercise and stretch sessions add up when they overlap)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    blocks: tuple[Block, ...] = ()

    @model_validator(mode="after")
    def _no_overlapping_shoes_or_stockings(self) -> Programme:
        for kind in ("shoes", "stockings"):
            same = [b for b in self.blocks if b.kind == kind]
            for i, a in enumerate(same):
                for b in same[i + 1:]:
                    a_end = a.stop_day if a.stop_day is not None else MAX_DAYS + 1
                    b_end = b.stop_day if b.stop_day is not None else MAX_DAYS + 1
                    if a.start_day < b_end and b.start_day < a_end:
                        raise ValueError(f"two {kind} blocks overlap ({a.label!r} and {b.label!r}); "
                                         f"one {kind} at a time")
        for cls in (CalfExercise, CalfStretch):
            sessions = [b for b in self.blocks if isinstance(b, cls)]
            # the total is highest on some block's first day
            for day in sorted({b.start_day for b in sessions}):
                on = [b for b in sessions if b.active(day)]
                total = sum(b.sessions_per_week for b in on)
                if total > MAX_SESSIONS_PER_WEEK:
                    named = ", ".join(repr(b.label) for b in on[:3]) + (", ..." if len(on) > 3 else "")
                    raise ValueError(
                        f"{len(on)} overlapping blocks ({named}) add up to "
                        f"{total:g} sessions/week on day {day}; at most {MAX_SESSIONS_PER_WEEK:g} a week")
        return self

    @classmethod
    def create(cls, items: str | Sequence[str | _Block | dict[str, Any]] = ()) -> Programme:
        """A programme from text lines, blocks or dicts; every error is a ParameterError.

        Examples
        --------
        >>> Programme.create("stretch calves 7/week from week 2 for 6 weeks").blocks[0].label
        'calf stretch 7/week, days 14-56'
        """
        if isinstance(items, str):
            items = [line for line in re.split(r"[;\n]", items) if line.strip()]
        if not isinstance(items, Sequence) or isinstance(items, (bytes, bytearray)):  # bytes: not its letters' codes
            raise ParameterError(f"a programme is text lines or blocks, not {type(items).__name__}")
        blocks: list[Any] = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                blocks.append(parse_block(item))
            elif isinstance(item, _Block):
                blocks.append(item)
            elif isinstance(item, dict):
                blocks.append(_block_from_dict(item, f"programme block {i}"))
            else:
                raise ParameterError(f"programme block {i} = {item!r} is not a text line, a block or a table")
        try:
            return cls(blocks=tuple(blocks))
        except ValidationError as exc:
            raise ParameterError(_describe(exc, "programme")) from None

    @classmethod
    def from_toml(cls, path: str | Path) -> Programme:
        """Read a programme file: ``lines = ["calf exercise 3/week for 26 weeks", ...]``
        and/or ``[[block]]`` tables with ``kind`` and the block's fields."""
        data = read_toml(path, "programme")
        if not data:  # an empty file, or comments only: most likely the wrong file or an unwritten plan
            raise ParameterError(
                f"programme file {str(path)!r} holds nothing (no lines, no [[block]] tables); allowed: "
                "lines = [\"calf exercise 3/week for 26 weeks\", ...] and/or [[block]] tables "
                "(lines = [] for no programme, the natural course)")
        unknown = sorted(set(data) - {"lines", "block"})
        if unknown:
            raise ParameterError(f"programme file {str(path)!r}: unknown key(s) {unknown}; "
                                 "allowed: 'lines' (a list of text lines) and [[block]] tables")
        lines = data.get("lines", [])
        tables = data.get("block", [])
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise ParameterError(f"programme file {str(path)!r}: lines = {lines!r} must be a list of text lines")
        if not isinstance(tables, list) or not all(isinstance(x, dict) for x in tables):
            raise ParameterError(f"programme file {str(path)!r}: 'block' must be [[block]] tables")
        parsed: list[Any] = []
        for j, line in enumerate(lines, start=1):  # a bad line named by the file and its place
            try:
                parsed.append(parse_block(line))
            except ParameterError as exc:
                raise ParameterError(f"programme file {str(path)!r}, lines[{j}]: {exc}") from None
        # each [[block]] named by its place among the file's [[block]] tables, not among its lines too
        blocks = [_block_from_dict(table, f"programme file {str(path)!r}, [[block]] {j}")
                  for j, table in enumerate(tables, start=1)]
        return cls.create([*parsed, *blocks])

    # ---- what the programme does on one day ----
    def exercise_per_week(self, day: int) -> float:
        """Calf exercise sessions per week on ``day``: the active blocks' sessions added up
        (a float, 0.0 when none is active)."""
        return float(sum(b.sessions_per_week for b in self.blocks if isinstance(b, CalfExercise) and b.active(day)))

    def stretch_per_week(self, day: int) -> float:
        """Calf stretching sessions per week on ``day`` (as :meth:`exercise_per_week`)."""
        return float(sum(b.sessions_per_week for b in self.blocks if isinstance(b, CalfStretch) and b.active(day)))

    def shoes(self, day: int) -> Shoes | None:
        return next((b for b in self.blocks if isinstance(b, Shoes) and b.active(day)), None)

    def stockings(self, day: int) -> Stockings | None:
        return next((b for b in self.blocks if isinstance(b, Stockings) and b.active(day)), None)


def _block_from_dict(data: dict[str, Any], where: str) -> Any:
    kind = data.get("kind")
    if kind not in KINDS:
        raise ParameterError(f"{where}: kind = {kind!r} is not one of {list(KINDS)}")
    try:
        return _BLOCK.validate_python(data)
    except ValidationError as exc:
        raise ParameterError(_describe(exc, f"{where} ({kind})")) from None


def _describe(exc: ValidationError, where: str) -> str:
    """One line per error: the field, the value given and what is allowed (``where`` names the
    block; ``""`` for a text line, whose caller names it)."""
    parts = []
    at = f"{where}." if where else ""
    for err in exc.errors():
        loc = [str(x) for x in err["loc"] if not str(x).startswith(KINDS)]
        field = ".".join(loc)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            parts.append(f"{where or 'the block'} has no field {field!r}")
        elif not field:
            parts.append(f"{where}: {msg}" if where else msg)
        elif err["type"] == "missing":
            parts.append(f"{at}{field} is missing{_allowed(field)}")
        else:
            parts.append(f"{at}{field} = {shown(err.get('input'))}: {msg}{_allowed(field)}")
    return "; ".join(parts)


#: Units of the blocks' numeric fields, for error messages.
_UNITS = {"start_day": "days", "stop_day": "days", "sessions_per_week": "sessions/week", "stocking_mmHg": "mmHg"}


def _allowed(field: str) -> str:
    """``"; allowed: 0 to 14 sessions/week"`` for a numeric field of a block, else ``""``.

    Examples
    --------
    >>> _allowed("stop_day")
    '; allowed: 1 to 3650 days'
    """
    if field not in _UNITS:
        return ""
    info = next(cls.model_fields[field] for cls in (CalfExercise, Stockings) if field in cls.model_fields)
    bounds = {type(m).__name__: getattr(m, type(m).__name__.lower()) for m in info.metadata}
    return f"; allowed: {bounds['Ge']:g} to {bounds['Le']:g} {_UNITS[field]}"


# ---- the text form ----
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(days?|weeks?|months?)"
_WHEN = (rf"(?:\s+from\s+(day|week|month)\s+{_NUM})?"
         rf"(?:\s+(?:for\s+{_NUM}\s*{_UNIT}|until\s+(day|week|month)\s+{_NUM}))?")
_SESSIONS = rf"{_NUM}\s*(?:/|\s*(?:per|a|times\s+(?:per|a)))\s*week"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("calf-exercise", re.compile(rf"(?:calf\s+exercise|heel\s+raises|calf\s+training)\s+{_SESSIONS}{_WHEN}")),
    ("calf-stretch", re.compile(rf"(?:calf\s+stretch(?:ing)?|stretch\s+calves)\s+{_SESSIONS}{_WHEN}")),
    # a pressure ("35 mmhg") or a class ("20-30 mmhg", "ral ii", "class ral-iv": person.STOCKING_CLASSES)
    ("stockings", re.compile(rf"stockings?\s+(?:{_NUM}\s*mmhg|(?:class\s+)?((?!knee|thigh|from|for|until)[a-z0-9-]+"
                             rf"(?:\s+(?!knee|thigh|from|for|until)[a-z0-9-]+){{0,2}}))"  # up to 'us 20-30 mmhg'
                             rf"(?:\s+(knee|thigh)(?:[-\s]high)?)?{_WHEN}")),
    ("orthotics", re.compile(rf"orthotics{_WHEN}")),
    ("shoes", re.compile(rf"(?:shoes|footwear)\s+([a-z-]+){_WHEN}")),
)
EXAMPLES: tuple[str, ...] = (
    "calf exercise 3/week for 26 weeks",
    "stretch calves 7/week from week 2 for 6 weeks",
    "stockings 35 mmHg knee",
    "orthotics from day 14",
    "shoes firm-flat until week 8",
)


def _days(value: str, unit: str) -> int:
    """``value`` days, weeks or months as a whole number of days (weeks and months rounded to
    the nearest day); a count of days that is not whole, or a count too large to be a number
    of days at all, is a ParameterError."""
    unit = unit.rstrip("s")
    x = float(value)
    days = x * {"day": 1.0, "week": DAYS_PER_WEEK, "month": DAYS_PER_MONTH}[unit]
    if not days <= MAX_DAYS:  # an inf from a number of hundreds of digits included
        raise ParameterError(f"{unit} {value} is more than {MAX_DAYS} days; allowed: 0 to {MAX_DAYS} days")
    if unit == "day" and not x.is_integer():
        raise ParameterError(f"day count {value} is not a whole number of days")
    return round(days)


def parse_block(text: str) -> Any:
    """One programme block from a line of text.

    Examples
    --------
    >>> parse_block("calf exercise 3/week for 6 months").stop_day
    183
    >>> parse_block("calf exercise 30/week")
    Traceback (most recent call last):
    ...
    calfpump.errors.ParameterError: Invalid programme line 'calf exercise 30/week': sessions_per_week = 30.0: Input should be less than or equal to 14; allowed: 0 to 14 sessions/week
    """
    if not isinstance(text, str):
        raise ParameterError(f"a programme line must be text, not {type(text).__name__}")
    line = " ".join(text.strip().lower().rstrip(".").split())
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(line)
        if m is None:
            continue
        g = m.groups()
        head, when = g[:-6], g[-6:]
        try:
            start = _days(when[1], when[0]) if when[0] else 0
            stop: int | None = None
            if when[2]:
                stop = start + _days(when[2], when[3])
            elif when[4]:
                stop = _days(when[5], when[4])
        except ParameterError as exc:
            raise ParameterError(f"Invalid programme line {text!r}: {exc}") from None
        fields: dict[str, Any] = {"start_day": start, "stop_day": stop}
        if kind in ("calf-exercise", "calf-stretch"):
            fields.update(kind=kind, sessions_per_week=float(head[0]))
        elif kind == "stockings":
            try:
                mmHg = float(head[0]) if head[0] else stocking_class_mmHg(head[1], "class")
            except ParameterError as exc:
                raise ParameterError(f"Invalid programme line {text!r}: {exc}; or a pressure, "
                                     f"{EXAMPLES[2]!r}") from None
            fields.update(kind=kind, stocking_mmHg=mmHg, stocking_length=head[2] or "knee")
        elif kind == "orthotics":
            fields.update(kind="shoes", footwear="orthotic")
        else:
            fields.update(kind="shoes", footwear=head[0])
        try:
            return _BLOCK.validate_python(fields)
        except ValidationError as exc:
            raise ParameterError(f"Invalid programme line {text!r}: {_describe(exc, '')}") from None
    raise ParameterError(
        f"Invalid programme line {text!r}; valid lines look like "
        + "; ".join(repr(e) for e in EXAMPLES)
    )


# ---------------------------------------------------------------------------------------------
# The laws
# ---------------------------------------------------------------------------------------------
def strength_dose(sessions_per_week: float) -> float:
    """Training dose 0-1 of ``sessions_per_week`` calf exercise sessions (full at 2 a week).

    Examples
    --------
    >>> strength_dose(1), strength_dose(3)
    (0.5, 1.0)
    """
    n = check_number("sessions_per_week", sessions_per_week, 0.0, MAX_SESSIONS_PER_WEEK, "sessions/week")
    return min(n / STRENGTH_FULL_DOSE_PER_WEEK, 1.0)


def stretch_dose(stretch_per_week: float, exercise_per_week: float = 0.0) -> float:
    """Stretching dose 0-1 (1 at daily stretching; exercise sessions count half).

    Examples
    --------
    >>> round(stretch_dose(3) / stretch_dose(6), 2), stretch_dose(7)
    (0.7, 1.0)
    """
    m = (check_number("stretch_per_week", stretch_per_week, 0.0, MAX_SESSIONS_PER_WEEK, "sessions/week")
         + ROM_EXERCISE_WEIGHT * check_number("exercise_per_week", exercise_per_week, 0.0,
                                              MAX_SESSIONS_PER_WEEK, "sessions/week"))
    full = 1.0 - math.exp(-DAYS_PER_WEEK / ROM_DOSE_SCALE_PER_WEEK)
    return min((1.0 - math.exp(-m / ROM_DOSE_SCALE_PER_WEEK)) / full, 1.0)


def _relax(x: float, target: float, tau_gain_days: float, tau_loss_days: float, dt_days: float) -> float:
    """Exact first-order step of ``x`` towards ``target`` (gain or loss time constant)."""
    tau = tau_gain_days if target > x else tau_loss_days
    return target + (x - target) * math.exp(-dt_days / tau)


def symptomatic_fraction(days: float, stretch_per_week: float = 0.0, orthotics: bool = False) -> float:
    """Expected fraction still symptomatic after ``days`` of plantar fasciitis (constant treatment).

    Examples
    --------
    >>> round(symptomatic_fraction(365.25), 3), round(symptomatic_fraction(5 * 365.25), 3)
    (0.805, 0.506)
    """
    t = check_number("days", days, 0.0, math.inf, "days")
    rate = _pf_rate_per_day(stretch_per_week, orthotics)
    return PF_CHRONIC_FRACTION + (1.0 - PF_CHRONIC_FRACTION) * math.exp(-rate * t)


def _pf_rate_per_day(stretch_per_week: float, orthotics: bool) -> float:
    factor = 1.0 + PF_STRETCH_RATE_GAIN * stretch_dose(stretch_per_week) + PF_ORTHOTIC_RATE_GAIN * float(orthotics)
    return PF_RESOLUTION_PER_YEAR * factor / 365.25


# ---------------------------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgrammeResult:
    """Day-by-day state of a person through a programme, with APG at checkpoints."""

    daily: pd.DataFrame
    checkpoints: pd.DataFrame
    person: Person
    programme: Programme
    parameters_name: str

    def to_pandas(self) -> pd.DataFrame:
        """The daily table with the APG results on the checkpoint days (NaN on the others)."""
        apg = self.checkpoints[["day", *APG_COLUMNS]]
        return self.daily.merge(apg, on="day", how="left")

    def weekly(self) -> pd.DataFrame:
        """The daily table every 7th day (the state at the start of each week, and the last day)."""
        d = self.daily
        keep = (d["day"] % DAYS_PER_WEEK == 0) | (d["day"] == d["day"].iloc[-1])
        return d[keep].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        """The stable machine-readable form: ``programme``, ``days``, ``weekly``, ``checkpoints``."""
        def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
            out = []
            for rec in frame.to_dict("records"):
                out.append({k: (v if isinstance(v, str) else (int(v) if k in ("day", "week") else round(float(v), 4)))
                            for k, v in rec.items()})
            return out

        return {
            "programme": [b.label for b in self.programme.blocks],
            "days": int(self.daily["day"].iloc[-1]),
            "weekly": rows(self.weekly()[["day", "week", "calf_strength", "ankle_rom_deg", "heel_pain",
                                          "steps_per_day"]]),
            "checkpoints": rows(self.checkpoints),
        }

    def to_parquet(self, path: str | Path) -> None:
        """Write :meth:`to_pandas` as Parquet (whole or not at all; the name ends in ``.parquet``
        or ``.pq``, or has no ending)."""
        with atomic_write(path, "Parquet") as tmp:
            self.to_pandas().to_parquet(tmp, index=False)

    def plot(self, path: str | Path | None = None) -> Any:
        """Calf strength, ankle range, heel pain and daily steps by week, APG EF and RVF at checkpoints."""
        from .plotting import _pyplot, _save

        plt = _pyplot()
        d = self.daily
        weeks = d["day"] / DAYS_PER_WEEK
        fig, axes = plt.subplots(3, 1, sharex=True, figsize=(8, 7), constrained_layout=True)
        axes[0].plot(weeks, d["calf_strength"], color="tab:red", label="calf strength")
        axes[0].set_ylabel("calf strength\n(healthy = 1)")
        twin = axes[0].twinx()
        twin.plot(weeks, d["ankle_rom_deg"], color="tab:green", label="ankle range")
        twin.set_ylabel("ankle range [deg]", color="tab:green")
        axes[1].plot(weeks, d["heel_pain"], color="tab:purple")
        axes[1].set_ylabel("heel pain (0-10)", color="tab:purple")
        steps = axes[1].twinx()
        steps.plot(weeks, d["steps_per_day"], color="0.4", ls="--")
        steps.set_ylabel("steps per day", color="0.4")
        c = self.checkpoints
        if len(c):
            axes[2].plot(c["day"] / DAYS_PER_WEEK, c["ef_pct"], "o-", color="tab:blue", label="EF [%]")
            axes[2].plot(c["day"] / DAYS_PER_WEEK, c["rvf_pct"], "s-", color="tab:orange", label="RVF [%]")
            axes[2].legend(fontsize=8)
        axes[2].set_ylabel("APG [%]")
        axes[2].set_xlabel("week")
        for ax in axes:
            ax.grid(True, alpha=0.3)
        fig.suptitle(f"calfpump programme ({self.parameters_name}; research and education model, "
                     "not a diagnosis)", fontsize=9)
        return _save(fig, path)


def checkpoint_days(days: int, apg_every_days: int | None) -> list[int]:
    """The days the APG runs on: 0, every ``apg_every_days`` and the last day (none if None).

    Examples
    --------
    >>> checkpoint_days(180, 60), checkpoint_days(100, 60), checkpoint_days(10, None)
    ([0, 60, 120, 180], [0, 60, 100], [])
    """
    n_days = int(check_number("days", days, 0, MAX_DAYS, "days"))
    if n_days != days:
        raise ParameterError(f"days = {days!r} must be a whole number of days, 0 to {MAX_DAYS}")
    if apg_every_days is None:
        return []
    every = int(check_number("apg_every_days", apg_every_days, 1, MAX_DAYS, "days"))
    if every != apg_every_days:
        raise ParameterError(f"apg_every_days = {apg_every_days!r} must be a whole number of days, 1 to {MAX_DAYS}")
    out = list(range(0, n_days + 1, every))
    if out[-1] != n_days:
        out.append(n_days)
    return out


ProgrammeLike = Programme | str | Sequence[Any]


def simulate_programme(
    person: Person | None = None,
    programme: ProgrammeLike = (),
    parameters: str | ParameterValues = "healthy",
    *,
    days: int = 180,
    apg_every_days: int | None = 30,
    progress: Callable[[int, int], None] | None = None,
) -> ProgrammeResult:
    """Follow a person through a programme day by day; run the APG at checkpoints.

    Parameters
    ----------
    person
        The person on day 0 (``None``: a default :class:`~calfpump.person.Person`).
        Their ``calf_strength`` and ``ankle_rom_deg`` are the untrained levels
        that detraining returns to; their ``heel_pain`` the pain on day 0; their
        footwear and stockings hold where no programme block says otherwise.
    programme
        A :class:`Programme`, text lines (``"calf exercise 3/week for 12 weeks"``)
        or blocks.
    parameters
        The veins: a preset name or parameter values; the person goes on top.
    days
        Length of the run, days (1 to 3650).
    apg_every_days
        Interval of the APG checkpoints, days (also day 0 and the last day);
        ``None`` for no venous simulation at all.
    progress
        Called as ``progress(done, total)`` after each checkpoint.

    Returns
    -------
    ProgrammeResult
        ``daily`` (one row per day 0..days: the state at the start of the day)
        and ``checkpoints`` (the state plus APG VV, VFI, EV, EF, RV, RVF).
    """
    import pandas as pd

    from .apg import air_plethysmography

    if person is None:
        person = Person.create()
    if not isinstance(person, Person):
        raise ParameterError(f"person must be a calfpump.Person, not {type(person).__name__}")
    if not isinstance(programme, Programme):
        programme = Programme.create(programme)
    n_days = int(check_number("days", days, 1, MAX_DAYS, "days"))
    if n_days != days:
        raise ParameterError(f"days = {days!r} must be a whole number of days, 1 to {MAX_DAYS}")
    base = ParameterValues.preset(parameters) if isinstance(parameters, str) else parameters
    if not isinstance(base, ParameterValues):
        raise ParameterError(f"parameters must be a preset name or ParameterValues, not {type(base).__name__}")
    check_veins_only(base)  # the person goes on top: a base's own gait would be dropped silently
    checks = checkpoint_days(n_days, apg_every_days)
    if progress is not None and not callable(progress):  # refused before the work, not after the first APG
        raise ParameterError(f"progress = {shown(progress)} must be a function progress(done, total) or None")

    s0, r0, p0 = person.calf_strength, person.ankle_rom_deg, person.heel_pain
    strength, rom, symptomatic = s0, r0, 1.0
    rows: list[dict[str, Any]] = []
    people: dict[int, Person] = {}
    for day in range(n_days + 1):
        ex, st = programme.exercise_per_week(day), programme.stretch_per_week(day)
        shoes, stock = programme.shoes(day), programme.stockings(day)
        today = person.with_changes(
            calf_strength=strength, ankle_rom_deg=rom, heel_pain=p0 * symptomatic,
            footwear=shoes.footwear if shoes else None,
            stocking_mmHg=stock.stocking_mmHg if stock else None,
            stocking_length=stock.stocking_length if stock else None,
        )
        rows.append({
            "day": day, "week": day // DAYS_PER_WEEK, "calf_strength": today.calf_strength,
            "ankle_rom_deg": today.ankle_rom_deg, "heel_pain": today.heel_pain,
            "steps_per_day": today.effective_steps_per_day, "exercise_per_week": ex,
            "stretch_per_week": st, "footwear": today.footwear, "stocking_mmHg": today.stocking_mmHg,
        })
        if day in checks:
            people[day] = today
        # the day's activity moves the state to the next morning; the caps hold for the state itself
        # (not only for the table), so a capped leg detrains from the day its training stops
        strength = min(_relax(strength, s0 * (1.0 + STRENGTH_GAIN_MAX * strength_dose(ex)),
                              STRENGTH_GAIN_TAU_DAYS, STRENGTH_LOSS_TAU_DAYS, 1.0), MAX_STRENGTH)
        rom = min(_relax(rom, r0 + ROM_GAIN_MAX_DEG * stretch_dose(st, ex), ROM_GAIN_TAU_DAYS, ROM_LOSS_TAU_DAYS,
                         1.0), MAX_ANKLE_ROM_DEG)
        if p0 > 0.0:
            k = _pf_rate_per_day(st, today.footwear == "orthotic")
            symptomatic = PF_CHRONIC_FRACTION + (symptomatic - PF_CHRONIC_FRACTION) * math.exp(-k)

    daily = pd.DataFrame(rows, columns=list(DAILY_COLUMNS))
    check_rows = []
    for i, day in enumerate(checks):
        try:
            apg = air_plethysmography(people[day].parameters(base)).to_dict()
        except CalfpumpError as exc:
            raise CalfpumpError(f"APG at day {day} of the programme: {exc}") from None
        state = rows[day]
        check_rows.append({
            "day": day, "calf_strength": state["calf_strength"], "ankle_rom_deg": state["ankle_rom_deg"],
            "heel_pain": state["heel_pain"], "steps_per_day": state["steps_per_day"],
            "stocking_mmHg": state["stocking_mmHg"], **apg,
        })
        if progress is not None:
            progress(i + 1, len(checks))
    columns = ["day", "calf_strength", "ankle_rom_deg", "heel_pain", "steps_per_day", "stocking_mmHg",
               *APG_COLUMNS]
    # one type per column whatever the run (no checkpoint at all included): Parquet schemas agree
    checkpoints = pd.DataFrame(check_rows, columns=columns).astype(
        {"day": "int64", **{c: "float64" for c in columns[1:]}})
    if not np.isfinite(daily.drop(columns=["footwear"]).to_numpy(dtype=float)).all():  # pragma: no cover
        raise CalfpumpError("a programme state is not finite; the run is not trustworthy")
    return ProgrammeResult(daily, checkpoints, person, programme, base.name)


__all__ = [
    "CalfExercise",
    "CalfStretch",
    "Programme",
    "ProgrammeResult",
    "Shoes",
    "Stockings",
    "checkpoint_days",
    "parse_block",
    "simulate_programme",
    "strength_dose",
    "stretch_dose",
    "symptomatic_fraction",
]
