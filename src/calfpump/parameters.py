"""Named, unit-carrying parameter sets with the source of every number.

A :class:`ParameterValues` maps parameter names (units in the name) to floats
and remembers where each number comes from. Names are either global
(``"calf_pump_peak_mmHg"``) or belong to a node or link of the network
(``"deep_calf.V0_mL"``, ``"popliteal_valve.incompetence"``). Every name has a
physical range in :data:`GLOBAL_SPECS`, :data:`NODE_SPECS`, :data:`LINK_SPECS`
or :data:`VALVE_SPECS`; values outside it, NaN or unknown names are refused
with an error that names the parameter and its range.

Named sets live as TOML files in ``calfpump/data/presets`` (one value and one
source per entry; a preset may start from another with ``base = "healthy"``).

Examples
--------
>>> p = ParameterValues.preset("healthy")
>>> p["calf_pump_peak_mmHg"]
181.0
>>> q = p.update({"calf_strength": 0.8})
>>> q["calf_strength"], p["calf_strength"]
(0.8, 1.0)
>>> "healthy" in list_presets()
True
"""

from __future__ import annotations

import difflib
import math
import numbers
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from .errors import ParameterError, PresetError, check_number, shown
from .network import LEG, Network


@dataclass(frozen=True)
class ParameterSpec:
    """Unit, physical range and meaning of one parameter."""

    unit: str
    low: float
    high: float
    description: str

    def check(self, name: str, value: Any) -> float:
        """``value`` as a float within the range; text, truth values (``True``, ``np.True_``),
        NaN, infinities and numbers outside the range (an integer too large for a float
        included) are a :class:`~calfpump.errors.ParameterError` that names the parameter."""
        if isinstance(value, (str, bytes)):
            raise ParameterError(
                f"parameter {name!r} = {shown(value)} is text, not a number; allowed: {self._range()}"
            )
        if isinstance(value, (bool, np.bool_)):
            raise ParameterError(
                f"parameter {name!r} = {value!r} is a truth value, not a number; allowed: {self._range()}"
            )
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            raise ParameterError(  # float() would keep the real part of a numpy complex silently
                f"parameter {name!r} = {value!r} is a complex number; allowed: {self._range()}"
            )
        try:
            x = float(value)
        except OverflowError:
            x = math.inf
        except (TypeError, ValueError):
            raise ParameterError(
                f"parameter {name!r} = {shown(value)} is not a number; allowed: {self._range()}"
            ) from None
        if not math.isfinite(x) or not self.low <= x <= self.high:
            raise ParameterError(
                f"parameter {name!r} = {shown(value)} is outside its physical range {self._range()}"
            )
        return x

    def _range(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.low:g} to {self.high:g}{unit}"


S = ParameterSpec

#: Parameters of the whole person.
GLOBAL_SPECS: dict[str, ParameterSpec] = {
    "body_height_cm": S("cm", 120.0, 220.0, "standing body height; scales segment lengths"),
    "right_atrium_height_fraction": S("", 0.6, 0.8, "RA height above the floor standing / body height"),
    "hip_height_fraction": S("", 0.45, 0.6, "greater trochanter height / body height"),
    "knee_height_fraction": S("", 0.22, 0.33, "knee height / body height"),
    "heart_depth_supine_cm": S("cm", 0.0, 20.0, "RA above the leg venous axis when supine"),
    "right_atrial_pressure_mmHg": S("mmHg", -5.0, 25.0, "right-atrial (boundary) pressure, supine"),
    "right_atrial_pressure_upright_mmHg": S("mmHg", -10.0, 25.0, "right-atrial pressure, trunk upright"),
    "mean_arterial_pressure_mmHg": S("mmHg", 50.0, 150.0, "mean arterial pressure at heart level"),
    "precapillary_resistance_ratio": S("", 1.0, 20.0, "pre- to post-capillary resistance ratio"),
    "calf_pump_peak_mmHg": S("mmHg", 0.0, 400.0, "peak calf intramuscular pressure when walking"),
    "foot_pump_peak_mmHg": S("mmHg", 0.0, 300.0, "peak plantar compression pressure in stance"),
    "thigh_pump_peak_mmHg": S("mmHg", 0.0, 200.0, "peak thigh intramuscular pressure when walking"),
    "muscle_rest_pressure_mmHg": S("mmHg", 0.0, 40.0, "resting intramuscular pressure on deep veins"),
    "habitual_cadence_spm": S("steps/min", 30.0, 200.0, "cadence of a walk with no cadence given"),
    "step_length_fraction": S("", 0.2, 0.6, "step length / body height at 100 steps/min (walk ratio); "
                              "sets the cadence of a walk by speed"),
    "calf_strength": S("", 0.0, 2.0, "calf muscle strength relative to a healthy adult (the pump follows it up to 1)"),
    "ankle_rom_factor": S("", 0.0, 1.5, "ankle range of motion relative to a healthy adult"),
    "ankle_rom_unloaded_factor": S("", 0.0, 1.5, "the ankle joint's own range of motion relative to a "
                                   "healthy adult, without heel pain's and the shoe's effect (pedalling)"),
    "foot_pump_efficiency": S("", 0.0, 2.0, "foot-pump compression relative to normal heel loading"),
    "calf_phase": S("", 0.0, 1.0, "stride phase of the calf pressure peak (0 = heel strike)"),
    "calf_halfwidth": S("", 0.02, 0.5, "half-width of the calf pulse, fraction of stride"),
    "foot_phase": S("", 0.0, 1.0, "stride phase of the foot-pump peak"),
    "foot_halfwidth": S("", 0.02, 0.5, "half-width of the foot-pump pulse, fraction of stride"),
    "thigh_phase": S("", 0.0, 1.0, "stride phase of the thigh-pump peak"),
    "thigh_halfwidth": S("", 0.02, 0.5, "half-width of the thigh-pump pulse, fraction of stride"),
    "tiptoe_contraction_s": S("s", 0.1, 3.0, "duration of one heel raise's calf contraction"),
    "ankle_pump_fraction": S("", 0.0, 1.5, "calf pressure of a seated ankle pump / heel raise peak"),
    "swim_calf_fraction": S("", 0.0, 1.5, "calf pressure of a flutter kick / walking peak"),
    "swim_thigh_fraction": S("", 0.0, 2.0, "thigh pressure of a flutter kick / walking peak"),
    "swim_surface_above_heart_cm": S("cm", 0.0, 200.0, "water surface above the right atrium when swimming"),
    "cycling_calf_fraction": S("", 0.0, 1.5, "calf pump pressure pedalling / walking peak"),
    "cycling_foot_fraction": S("", 0.0, 1.5, "foot pump pressure pedalling / walking peak"),
    "cycling_thigh_fraction": S("", 0.0, 2.0, "thigh pump pressure pedalling / walking peak"),
    "tiptoe_pump_peak_mmHg": S("mmHg", 0.0, 400.0, "peak calf intramuscular pressure in a heel raise"),
    "tiptoe_foot_fraction": S("", 0.0, 1.0, "foot-pump pressure in a heel raise / walking peak"),
    "exercise_hyperaemia_factor": S("", 1.0, 10.0, "arterial inflow in working muscle / at rest"),
    "venoarteriolar_reduction": S("", 0.0, 0.9, "fall of lower-leg inflow with venous distension"),
    "venoarteriolar_onset_mmHg": S("mmHg", 0.0, 50.0, "transmural pressure where that fall begins"),
    "venoarteriolar_range_mmHg": S("mmHg", 1.0, 100.0, "further rise over which it is complete"),
    "hyperaemia_time_constant_s": S("s", 1.0, 600.0, "time constant of exercise hyperaemia"),
    "posture_change_s": S("s", 0.1, 30.0, "duration of a change of posture"),
    "stocking_ankle_mmHg": S("mmHg", 0.0, 80.0, "compression garment pressure at the ankle"),
    "lower_leg_tissue_volume_mL": S("mL", 500.0, 6000.0, "lower-leg tissue volume (for Kf per 100 mL)"),
    "ankle_circumference_cm": S("cm", 12.0, 45.0, "ankle circumference at its narrowest, above the malleoli, in the morning"),
    "capillary_filtration_coefficient": S(
        "mL/min/100mL/mmHg", 0.0, 0.02, "capillary filtration coefficient of lower-leg tissue"
    ),
    "plasma_oncotic_pressure_mmHg": S("mmHg", 10.0, 40.0, "plasma colloid osmotic pressure"),
    "interstitial_oncotic_pressure_mmHg": S("mmHg", 0.0, 25.0, "interstitial colloid osmotic pressure"),
    "reflection_coefficient": S("", 0.0, 1.0, "protein reflection coefficient of the capillary wall"),
    "interstitial_volume_ref_mL": S("mL", 50.0, 2000.0, "lower-leg interstitial fluid volume at rest"),
    "interstitial_pressure_ref_mmHg": S("mmHg", -10.0, 10.0, "interstitial pressure at that volume"),
    "interstitial_compliance_mL_mmHg": S("mL/mmHg", 0.5, 500.0, "interstitial compliance"),
    "lymph_flow_ref_mL_h": S("mL/h", 0.0, 500.0, "lymph flow at the reference interstitial pressure"),
    "lymph_conductance_mL_h_mmHg": S("mL/h/mmHg", 0.0, 500.0, "rise of lymph flow per mmHg"),
    "interstitial_compliance_volume_mL": S(
        "mL", 5.0, 5000.0, "swelling over which the tissue compliance rises e-fold"
    ),
    "interstitial_free_fluid_compliance_mL_mmHg": S(
        "mL/mmHg", 1.0, 1.0e5, "compliance of the tissue once free fluid has accumulated (Guyton's flat limb)"
    ),
    "lymph_flow_max_mL_h": S("mL/h", 0.0, 1000.0, "largest lymph flow of the lower leg at rest"),
    "lymph_exercise_factor": S("", 1.0, 10.0, "lymph flow while the leg muscles work / at rest"),
    "lymph_seated_factor": S("", 0.1, 1.0, "lymph flow while seated (thigh on the seat) / standing or lying"),
    "venoarteriolar_filtration_coupling": S(
        "", 0.0, 1.0, "fraction of the reflex's inflow fall that also closes capillaries"
    ),
}

#: Parameters of every node, named ``"<node>.<key>"``.
NODE_SPECS: dict[str, ParameterSpec] = {
    "V0_mL": S("mL", 1.0, 2000.0, "reference (unstressed, circular) volume of the tube law"),
    "stiffness_mmHg": S("mmHg", 0.1, 100.0, "tube-law distension stiffness K"),
    "collapse_stiffness_mmHg": S("mmHg", 0.01, 100.0, "tube-law collapse stiffness Kc"),
    "distension_exponent": S("", 2.0, 20.0, "tube-law exponent m (distension)"),
    "collapse_exponent": S("", 0.5, 5.0, "tube-law exponent n (collapse)"),
    "inflow_mL_min": S("mL/min", 0.0, 2000.0, "arterial inflow at rest, supine"),
    "filtration_fraction": S("", 0.0, 1.0, "share of the lower-leg filtration surface"),
    "garment_fraction": S("", 0.0, 1.0, "garment pressure here / garment ankle pressure"),
}

#: Parameters of every link, named ``"<link>.<key>"``.
LINK_SPECS: dict[str, ParameterSpec] = {
    "resistance_mmHg_s_mL": S("mmHg s/mL", 1e-3, 100.0, "viscous resistance when fully open"),
}

#: Parameters of every valved link.
VALVE_SPECS: dict[str, ParameterSpec] = {
    "incompetence": S("", 0.0, 1.0, "relative leak area when closed (0 competent, 1 absent)"),
    "open_rate": S("1/(mmHg s)", 0.01, 1000.0, "Mynard opening rate K_vo"),
    "close_rate": S("1/(mmHg s)", 0.01, 1000.0, "Mynard closing rate K_vc"),
}

#: Supine driving pressure (arterial minus venous) at which ``inflow_mL_min`` holds.
INFLOW_REFERENCE_DRIVE_OFFSET_mmHg = 10.0


def parameter_specs(network: Network = LEG) -> dict[str, ParameterSpec]:
    """Every parameter name the network needs, with its spec.

    Examples
    --------
    >>> specs = parameter_specs()
    >>> specs["deep_calf.V0_mL"].unit
    'mL'
    """
    specs = dict(GLOBAL_SPECS)
    for node in network.nodes:
        for key, spec in NODE_SPECS.items():
            specs[f"{node.name}.{key}"] = spec
    for link in network.links:
        for key, spec in LINK_SPECS.items():
            specs[f"{link.name}.{key}"] = spec
        if link.valved:
            for key, spec in VALVE_SPECS.items():
                specs[f"{link.name}.{key}"] = spec
    return specs


class ParameterValues(Mapping[str, float]):
    """An immutable, validated set of parameter values with their sources.

    Parameters
    ----------
    values
        Every parameter of ``network`` (see :func:`parameter_specs`).
    sources
        Where each number comes from (author, year, journal; or "assumption").
    name
        A label, e.g. the preset name.
    network
        The network the values belong to.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        sources: Mapping[str, str] | None = None,
        *,
        name: str = "custom",
        network: Network = LEG,
    ) -> None:
        if not isinstance(values, Mapping):
            raise ParameterError(
                f"parameter values must be a mapping of parameter names to numbers, not {type(values).__name__}"
            )
        if sources is not None and not isinstance(sources, Mapping):
            raise ParameterError(f"sources must be a mapping of parameter names to sources, not {type(sources).__name__}")
        if not isinstance(network, Network):
            raise ParameterError(f"network must be a calfpump Network, not {type(network).__name__}")
        if not isinstance(name, str):
            raise ParameterError(f"name = {shown(name)} must be text")
        specs = parameter_specs(network)
        unknown = sorted(set(values) - set(specs), key=str)
        if unknown:
            raise ParameterError(
                f"unknown parameter(s) {unknown} for network {network.name!r}; "
                f"known names include {sorted(GLOBAL_SPECS)[:6]} ... and '<node>.<key>' with keys "
                f"{sorted(NODE_SPECS)}"
            )
        missing = sorted(set(specs) - set(values))
        if missing:
            raise ParameterError(f"parameter set {name!r} lacks {missing}")
        self._values = {k: specs[k].check(k, values[k]) for k in specs}
        self._sources = dict(sources or {})
        self.name = name
        self.network = network

    def __getitem__(self, key: str) -> float:
        if isinstance(key, str) and key in self._values:
            return self._values[key]
        raise ParameterError(f"unknown parameter {shown(key)}{_near(key, self._values)}")

    def __contains__(self, key: object) -> bool:  # Mapping's would let the ParameterError out
        return isinstance(key, str) and key in self._values

    def get(self, key: str, default: Any = None) -> Any:  # as Mapping.get: the default for unknown names
        return self._values.get(key, default) if isinstance(key, str) else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ParameterValues(name={self.name!r}, {len(self)} values)"

    def source(self, key: str) -> str:
        """The recorded source of parameter ``key`` ("" when none)."""
        self[key]
        return self._sources.get(key, "")

    def update(self, changes: Mapping[str, Any], *, name: str | None = None, source: str = "user") -> ParameterValues:
        """A new set with ``changes`` applied (validated); this one is unchanged."""
        if not isinstance(changes, Mapping):
            raise ParameterError(f"changes must be a mapping of parameter names to values, not {type(changes).__name__}")
        if name is not None and not isinstance(name, str):
            raise ParameterError(f"name = {shown(name)} must be text (or None to keep {self.name!r})")
        if not isinstance(source, str):
            raise ParameterError(f"source = {shown(source)} must be text (where the numbers come from)")
        values = dict(self._values)
        sources = dict(self._sources)
        specs = parameter_specs(self.network)
        for k, v in changes.items():
            if not isinstance(k, str) or k not in specs:
                raise ParameterError(f"unknown parameter {shown(k)}{_near(k, specs)}")
            values[k] = v
            sources[k] = source
        return ParameterValues(values, sources, name=name or self.name, network=self.network)

    def with_network(self, network: Network, extra: Mapping[str, Any], sources: Mapping[str, str] | None = None) -> ParameterValues:
        """Values for an extended network: these plus ``extra`` for its new nodes and links."""
        if not isinstance(network, Network):
            raise ParameterError(f"network must be a calfpump Network, not {type(network).__name__}")
        if not isinstance(extra, Mapping):
            raise ParameterError(
                f"extra must be a mapping of the new parameter names to values, not {type(extra).__name__}"
            )
        if sources is not None and not isinstance(sources, Mapping):
            raise ParameterError(f"sources must be a mapping of parameter names to sources, not {type(sources).__name__}")
        values = {**self._values, **extra}
        srcs = {**self._sources, **(sources or {})}
        return ParameterValues(values, srcs, name=self.name, network=network)

    def table(self) -> list[tuple[str, float, str, str]]:
        """Rows (name, value, unit, source) for documentation and reports."""
        specs = parameter_specs(self.network)
        return [(k, v, specs[k].unit, self._sources.get(k, "")) for k, v in self._values.items()]

    @classmethod
    def preset(cls, name: str, severity: float = 1.0) -> ParameterValues:
        """Load a named parameter set (see :func:`list_presets`).

        A preset built on another (``base = "healthy"``), such as a disease,
        can be taken at a ``severity`` between 0 (its base) and 1 (the preset
        as written): each value it changes moves linearly from the base value.

        Examples
        --------
        >>> ParameterValues.preset("deep-reflux", severity=0.5)["popliteal_valve.incompetence"]
        0.3
        """
        sev = check_number("severity", severity, 0.0, 1.0, "")
        values, sources, _ = _load_preset(name, ())
        if sev != 1.0:
            base_name = _preset_base(name)
            if base_name is None:
                raise ParameterError(
                    f"preset {name!r} has no base preset, so it has no severity; give severity = 1"
                )
            base, _, _ = _load_preset(base_name, ())
            values = {k: base[k] + sev * (v - base[k]) for k, v in values.items()}
            name = f"{name} (severity {sev:g})"
        return cls(values, sources, name=name)


def _near(name: object, names: Any) -> str:
    """``", did you mean 'x'?"`` for the names closest to a mistyped ``name`` ("" when none is)."""
    if not isinstance(name, str):
        return ""
    close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.8)
    return f", did you mean {' or '.join(map(repr, close))}?" if close else ""


def _preset_files() -> dict[str, Any]:
    folder = resources.files("calfpump") / "data" / "presets"
    return {p.name[: -len(".toml")]: p for p in folder.iterdir() if p.name.endswith(".toml")}


def list_presets() -> list[str]:
    """Names of the built-in parameter sets.

    Examples
    --------
    >>> list_presets()[0]
    'healthy'
    """
    names = sorted(_preset_files())
    return sorted(names, key=lambda n: (n != "healthy", n))


def preset_description(name: str) -> str:
    """One-line description of a preset."""
    _, _, desc = _load_preset(name, ())
    return desc


def _preset_base(name: str) -> str | None:
    files = _preset_files()
    if not isinstance(name, str) or name not in files:  # a list or dict would be unhashable here
        raise PresetError(f"unknown preset {shown(name)}; available presets: {', '.join(list_presets())}")
    base = tomllib.loads(files[name].read_text(encoding="utf-8")).get("base")
    return str(base) if base is not None else None


def _load_preset(name: str, seen: tuple[str, ...]) -> tuple[dict[str, float], dict[str, str], str]:
    files = _preset_files()
    if not isinstance(name, str) or name not in files:  # a list or dict would be unhashable here
        raise PresetError(f"unknown preset {shown(name)}; available presets: {', '.join(list_presets())}")
    if name in seen:
        raise PresetError(f"preset {name!r} is its own base (cycle {seen + (name,)})")
    data = tomllib.loads(files[name].read_text(encoding="utf-8"))
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    if "base" in data:
        values, sources, _ = _load_preset(data["base"], seen + (name,))
    for key, entry in data.get("values", {}).items():
        if not isinstance(entry, dict) or "value" not in entry or "source" not in entry:
            raise PresetError(f"preset {name!r}: entry {key!r} needs a value and a source")
        values[key] = entry["value"]
        sources[key] = entry["source"]
    return values, sources, str(data.get("description", ""))
