"""The person: body, gait, heel and shoes, as validated configuration.

A :class:`Person` holds what varies between people and what a physiotherapist
can change: body height, habitual cadence and step length, calf strength,
ankle range of motion, heel loading, foot arch, footwear and heel pain
(plantar fasciitis). Its :meth:`~Person.parameters` turns it into model
parameters on top of a parameter set (the veins), through the documented
mappings of :mod:`calfpump.plantar_fasciitis`, :mod:`calfpump.footwear` and
:mod:`calfpump.arch`.

Examples
--------
>>> from calfpump import ParameterValues
>>> p = Person(heel_pain=6).parameters(ParameterValues.preset("healthy"))
>>> round(p["foot_pump_efficiency"], 2), round(p["ankle_rom_factor"], 2)
(0.82, 0.91)
>>> round(Person(arch_type="flat").parameters(ParameterValues.preset("healthy"))["foot_pump_efficiency"], 2)
0.9
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import plantar_fasciitis as pf
from .arch import arch_type as arch_entry
from .errors import ParameterError, refuse_non_numbers, shown
from .footwear import footwear
from .io import read_toml
from .parameters import ParameterValues

#: Healthy ankle range of motion, degrees (CEAP C0: 42.4; J Vasc Bras 2007, targets.csv).
HEALTHY_ANKLE_ROM_DEG = 42.4
#: The widest ankle the model takes, relative to a healthy one (the parameters' ``ankle_rom_factor``
#: range): 63.6 degrees. A wider joint counts as this one; heel pain and the shoe then narrow it.
MAX_ANKLE_ROM_FACTOR = 1.5

FootwearName = Literal["barefoot", "athletic", "firm-flat", "high-heel", "orthotic"]
ArchTypeName = Literal["normal", "flat", "high"]
#: Pain-free step length / body height at 100 steps/min (the healthy preset's
#: ``step_length_fraction``, with its sources).
HEALTHY_STEP_LENGTH_FRACTION = 0.37
StockingLength = Literal["knee", "thigh"]

#: Graduated compression: pressure at the calf (B1) 50-80 % and at the thigh (F) 20-60 % of the
#: ankle pressure (RAL-GZG 387:2000 and CEN ENV 12718:2001 gradient, as summarised by Partsch H et
#: al. Dermatol Surg 2008;34:600-609; citation from memory, not re-read). calfpump takes the calf at 70 %, the knee at 40 %, the
#: thigh at 30 % (assumption within those ranges).
THIGH_GARMENT_FRACTION = 0.3

#: Compression stocking classes by their ankle pressure, mmHg (low, high; None: open above): the
#: US classes and the German RAL-GZG 387 classes I-IV (the ranges of ``--stocking-mmHg``'s help).
STOCKING_CLASSES: dict[str, tuple[float, float | None]] = {
    "15-20": (15.0, 20.0), "20-30": (20.0, 30.0), "30-40": (30.0, 40.0),
    "RAL-I": (18.0, 21.0), "RAL-II": (23.0, 32.0), "RAL-III": (34.0, 46.0), "RAL-IV": (49.0, None),
}
_RAL_NUMBERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def stocking_class_mmHg(name: object, field: str = "person.stocking_class") -> float:
    """The ankle pressure calfpump takes for a stocking class: the middle of its range (as
    :data:`calfpump.report.STOCKING_mmHg` takes 20-30 mmHg at 25), RAL IV (49 mmHg and more) at
    49. Names as people write them: ``"RAL II"``, ``"ral-2"``, ``"20-30 mmHg"``, ``"US 20-30"``.

    Examples
    --------
    >>> stocking_class_mmHg("20-30"), stocking_class_mmHg("RAL II"), stocking_class_mmHg("RAL-IV")
    (25.0, 27.5, 49.0)
    """
    key = None
    if isinstance(name, str):
        text = name.upper().replace("MMHG", " ").split()
        if text[:1] == ["US"]:
            text = text[1:]
        joined = "-".join(text)
        if joined.startswith("RAL-") or (joined.startswith("RAL") and len(joined) > 3):
            number = joined[3:].lstrip("-")
            key = f"RAL-{_RAL_NUMBERS.get(number, number)}"
        else:
            key = "".join(text)
    if key not in STOCKING_CLASSES:
        raise ParameterError(f"{field} = {shown(name)} is not a stocking class; classes: "
                             f"{', '.join(STOCKING_CLASSES)}")
    low, high = STOCKING_CLASSES[key]
    return low if high is None else (low + high) / 2.0


class Person(BaseModel):
    """A person's body and gait (defaults: a healthy adult)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, allow_inf_nan=False)

    body_height_cm: float = Field(175.0, ge=120.0, le=220.0, description="standing height")
    cadence_spm: float = Field(100.0, ge=30.0, le=200.0, description="habitual walking cadence")
    step_length_fraction: float = Field(
        HEALTHY_STEP_LENGTH_FRACTION, ge=0.2, le=0.6,
        description="step length / body height at 100 steps/min (sets the cadence of a walk by speed)")
    calf_strength: float = Field(1.0, ge=0.0, le=2.0, description="relative to a healthy adult")
    ankle_rom_deg: float = Field(HEALTHY_ANKLE_ROM_DEG, gt=0.0, le=80.0,
                                 description="sagittal ankle range of motion")
    heel_loading: float = Field(1.0, ge=0.0, le=1.5, description="heel loading relative to normal")
    footwear: FootwearName = "athletic"
    arch_type: ArchTypeName = "normal"
    heel_pain: float = Field(0.0, ge=0.0, le=10.0, description="plantar fasciitis pain, 0-10 scale")
    steps_per_day: int = Field(8000, ge=0, le=60000)
    stocking_mmHg: float = Field(0.0, ge=0.0, le=60.0,
                                 description="compression stocking pressure at the ankle (0: none)")
    stocking_length: StockingLength = "knee"
    knee_height_cm: float | None = Field(
        None, gt=0.0, le=100.0,
        description="standing height of the knee above the floor, the shank's length (None: the "
                    "parameters' knee_height_fraction of body height, 0.285 healthy)")
    hip_height_cm: float | None = Field(
        None, gt=0.0, le=150.0,
        description="standing height of the hip (greater trochanter) above the floor (None: the "
                    "parameters' hip_height_fraction of body height, 0.530 healthy)")

    @field_validator("*", mode="before")
    @classmethod
    def _no_text_or_truth_values(cls, value: Any, info: Any) -> Any:
        """Numbers must be numbers: ``true`` or ``"5"`` in a person file is an error, not 1 or 5
        (nor is a complex number cut to its real part)."""
        if info.field_name in ("footwear", "stocking_length", "arch_type"):
            return value
        return refuse_non_numbers(value)

    def __init__(self, /, **fields: Any) -> None:
        """``Person(heel_pain=6, ...)``; a field that is unknown, of the wrong type or out of
        its range is a :class:`~calfpump.errors.ParameterError` naming it and its range.

        ``stocking_class`` (``"20-30"``, ``"RAL II"``: :data:`STOCKING_CLASSES`) sets
        ``stocking_mmHg`` to the class's pressure (:func:`stocking_class_mmHg`); not both."""
        if "stocking_class" in fields:
            if "stocking_mmHg" in fields:
                raise ParameterError("give person.stocking_class or person.stocking_mmHg, not both "
                                     f"(stocking_class = {shown(fields['stocking_class'])}, "
                                     f"stocking_mmHg = {shown(fields['stocking_mmHg'])})")
            try:
                fields["stocking_mmHg"] = stocking_class_mmHg(fields.pop("stocking_class"))
            except ParameterError as exc:
                raise ParameterError(f"{exc} (or give stocking_mmHg, the ankle pressure)") from None
        try:
            super().__init__(**fields)
        except ValidationError as exc:
            raise ParameterError(_describe(exc)) from None
        for name, fraction in _LANDMARKS.items():
            value = getattr(self, name)
            low, high = landmark_range(fraction)
            if value is not None and not low <= value / self.body_height_cm <= high:
                h = self.body_height_cm
                raise ParameterError(
                    f"person.{name} = {value:g} cm is {value / h:.3f} of body_height_cm = {h:g}; allowed: "
                    f"{low * h:.3g} to {high * h:.3g} cm ({low:g} to {high:g} of the body height)")

    @classmethod
    def create(cls, /, **fields: Any) -> Person:
        """``Person(**fields)``: every error is a :class:`~calfpump.errors.ParameterError`.

        (Not ``model_validate``: with the custom ``__init__`` pydantic would wrap that
        error in a ValidationError of its own.)
        """
        return cls(**fields)

    @classmethod
    def from_toml(cls, path: str | Path) -> Person:
        """Read a person from a TOML file of ``field = value`` lines."""
        data = read_toml(path, "person")
        return cls.create(**data)

    def with_changes(self, /, **changes: Any) -> Person:
        """A copy with some fields changed (``None`` values are ignored); a ``stocking_class``
        replaces the stocking's pressure."""
        given = {k: v for k, v in changes.items() if v is not None}
        kept = self.model_dump()
        if "stocking_class" in given:
            del kept["stocking_mmHg"]
        return Person.create(**{**kept, **given})

    # ---- what heel pain and shoes make of the gait ----
    @property
    def effective_heel_loading(self) -> float:
        return self.heel_loading * pf.heel_loading_factor(self.heel_pain) * footwear(self.footwear).foot_pump

    @property
    def effective_ankle_rom_deg(self) -> float:
        """The walking ankle's range, degrees: the joint's own (at most :data:`MAX_ANKLE_ROM_FACTOR`
        healthy ones, 63.6 degrees) narrowed by heel pain and the shoe."""
        joint = min(self.ankle_rom_deg, MAX_ANKLE_ROM_FACTOR * HEALTHY_ANKLE_ROM_DEG)
        return joint * pf.ankle_rom_factor(self.heel_pain) * footwear(self.footwear).ankle_rom

    @property
    def effective_cadence_spm(self) -> float:
        return max(30.0, self.cadence_spm * pf.cadence_factor(self.heel_pain))

    @property
    def effective_step_length_fraction(self) -> float:
        """Step length / body height at 100 steps/min, shortened by heel pain."""
        return max(0.2, self.step_length_fraction * pf.step_length_factor(self.heel_pain))

    @property
    def effective_foot_pump(self) -> float:
        """Foot-pump compression relative to normal: heel loading, footwear and arch type."""
        return self.effective_heel_loading * arch_entry(self.arch_type).foot_pump

    @property
    def effective_steps_per_day(self) -> float:
        return self.steps_per_day * pf.daily_steps_factor(self.heel_pain)

    def parameters(self, base: ParameterValues | str) -> ParameterValues:
        """Model parameters for this person on top of ``base`` (the veins): parameter values
        or a preset name (``"healthy"``).

        Every value the person sets replaces the base's: height, calf strength, the gait
        (cadence, step length, ankle range and foot pump, after heel pain and shoes) and the
        stocking. The ankle: the joint's own range (``ankle_rom_unloaded_factor``, at most
        :data:`MAX_ANKLE_ROM_FACTOR` healthy ones), times heel pain's and the shoe's factors
        (``ankle_rom_factor``, the walking ankle). A base that already carries a gait, such as the ``plantar-fasciitis`` preset
        (heel pain 6 on healthy veins), loses it; :func:`check_veins_only` refuses such a base,
        and the command line, :func:`calfpump.report.build_report` and
        :func:`calfpump.programme.simulate_programme` call it."""
        if isinstance(base, str):
            base = ParameterValues.preset(base)
        if not isinstance(base, ParameterValues):
            raise ParameterError(
                f"Person.parameters needs ParameterValues or a preset name as its base, not {type(base).__name__}"
            )
        # the joint's own range is capped before heel pain and the shoe narrow it (capping after
        # them let a wide ankle swallow their effect: 80 degrees with heel pain 6 stayed at 1.5)
        changes = {
            "body_height_cm": self.body_height_cm,
            "calf_strength": self.calf_strength,
            "ankle_rom_factor": self.effective_ankle_rom_deg / HEALTHY_ANKLE_ROM_DEG,
            "ankle_rom_unloaded_factor": min(self.ankle_rom_deg / HEALTHY_ANKLE_ROM_DEG, MAX_ANKLE_ROM_FACTOR),
            "foot_pump_efficiency": min(self.effective_foot_pump, 2.0),
            "habitual_cadence_spm": self.effective_cadence_spm,
            "step_length_fraction": self.effective_step_length_fraction,
            "stocking_ankle_mmHg": self.stocking_mmHg,
        }
        for name, fraction in _LANDMARKS.items():
            value = getattr(self, name)
            if value is not None:  # the person's own leg; else the base's fraction of the height
                changes[fraction] = value / self.body_height_cm
        if self.stocking_length == "thigh":
            # a thigh-high garment also presses on the great saphenous and femoral veins
            for node in ("superficial_thigh", "femoral"):
                if f"{node}.garment_fraction" in base:
                    changes[f"{node}.garment_fraction"] = THIGH_GARMENT_FRACTION
        return base.update(changes, name=f"{base.name} + person", source="person (calfpump.person)")


#: The person's leg lengths and the landmark parameters they set (fractions of body height).
_LANDMARKS = {"knee_height_cm": "knee_height_fraction", "hip_height_cm": "hip_height_fraction"}
#: How far a node may lie beyond its segment, as a fraction of body height (``calfpump.model.build``).
_NODE_SLACK = 0.02


def landmark_range(fraction: str) -> tuple[float, float]:
    """The knee's or hip's height, as a fraction of body height, that the leg network takes: the
    parameter's range, narrowed so that every node of :data:`calfpump.network.LEG` stays on its
    segment (the nodes' heights are fixed fractions of body height; the popliteal node, at 0.285,
    must stay on the thigh, within 0.02 of it, which caps the knee at 0.305).

    Examples
    --------
    >>> [round(x, 6) for x in landmark_range("knee_height_fraction") + landmark_range("hip_height_fraction")]
    [0.22, 0.305, 0.45, 0.6]
    """
    from .network import LEG
    from .parameters import GLOBAL_SPECS

    spec = GLOBAL_SPECS[fraction]
    below, above = ("shank", "thigh") if fraction == "knee_height_fraction" else ("thigh", "trunk")
    slack = _NODE_SLACK - 1e-9  # inside model.build's check, which a value on its edge can fail by rounding
    low = max([spec.low, *(n.height_fraction - slack for n in LEG.nodes if n.segment == below)])
    high = min([spec.high - 1e-9, *(n.height_fraction + slack for n in LEG.nodes if n.segment == above)])
    return low, high


def check_veins_only(base: ParameterValues, what: str = "parameters",
                     instead: str = "Person(heel_pain=6) on 'healthy'") -> None:
    """Refuse a ``base`` that sets a person's gait (the ``plantar-fasciitis`` preset: heel pain 6
    on healthy veins), where a person is to go on top: :meth:`Person.parameters` replaces those
    values with the person's own, so the base's would be dropped without a word.

    Examples
    --------
    >>> check_veins_only(ParameterValues.preset("deep-reflux"))
    >>> check_veins_only(ParameterValues.preset("plantar-fasciitis"))
    Traceback (most recent call last):
    ...
    calfpump.errors.ParameterError: parameters 'plantar-fasciitis' sets a person's gait (...
    """
    mapped = Person.create().parameters(base)
    replaced = [k for k in mapped if mapped[k] != base[k]]
    if replaced:
        raise ParameterError(
            f"{what} {base.name!r} sets a person's gait ({', '.join(replaced)} differ from a healthy "
            "adult's), and the person put on top of it replaces them with its own; give the heel pain, "
            f"shoes and gait as the person's on a preset of veins only ({instead} is 'plantar-fasciitis')"
        )


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"]) or "person"
        given = err.get("input")
        if err["type"] == "extra_forbidden":
            parts.append(f"person has no field {field!r}; fields are "
                         f"{sorted([*Person.model_fields, 'stocking_class'])}")
        else:
            parts.append(f"person.{field} = {shown(given)}: {err['msg']}{_allowed(field)}")
    return "; ".join(parts)


def _allowed(field: str) -> str:
    """``"; allowed: 0 to 10 (plantar fasciitis pain, 0-10 scale)"`` for a numeric field, else ``""``.

    Examples
    --------
    >>> _allowed("ankle_rom_deg")
    '; allowed: greater than 0 and at most 80 deg (sagittal ankle range of motion)'
    """
    info = Person.model_fields.get(field)
    if info is None:
        return ""
    bounds = {type(m).__name__: getattr(m, type(m).__name__.lower()) for m in info.metadata
              if type(m).__name__ in ("Ge", "Gt", "Le", "Lt")}
    if not bounds:
        return ""
    low = f"{bounds['Ge']:g}" if "Ge" in bounds else f"greater than {bounds.get('Gt', float('-inf')):g}"
    high = f"{bounds['Le']:g}" if "Le" in bounds else f"below {bounds.get('Lt', float('inf')):g}"
    text = f"{low} to {high}" if "Ge" in bounds else f"{low} and at most {high}"
    unit = _UNITS.get(field, "")
    described = f" ({info.description})" if info.description else ""
    return f"; allowed: {text}{unit}{described}"


#: Units of the person's numeric fields, for error messages.
_UNITS = {"body_height_cm": " cm", "cadence_spm": " steps/min", "ankle_rom_deg": " deg",
          "stocking_mmHg": " mmHg", "steps_per_day": " steps/day", "knee_height_cm": " cm",
          "hip_height_cm": " cm"}
