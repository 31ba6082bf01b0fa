"""Every virtual test against every published target: the validation table.

:func:`validate` runs the virtual clinical tests and simulations that answer
the rows of the project's validation data (``data/targets.csv``, a copy of
the shared reference with sources and notes) and returns one
:class:`ValidationRow` per target: the model's value, the published value and
range, and whether the model lands inside. Targets the model cannot answer
yet (no disease preset, a quantity that is an input) are listed as skipped
with the reason. Ranges are the papers', never widened.

Examples
--------
>>> rows = validate(only=["supine_calf_pressure"])
>>> rows[0].status
'pass'
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .apg import APGResult, air_plethysmography
from .avp import AVPResult, ambulatory_venous_pressure
from .errors import ParameterError, shown
from .reflux import RefluxResult, duplex_reflux
from .simulation import simulate
from .solution import FOOT_NODE


@dataclass(frozen=True)
class ValidationRow:
    """One target: what the model gives and whether it lies in the published range.

    Healthy targets are answered by the ``healthy`` preset, disease targets by
    the matching disease preset (``superficial-reflux``, ``deep-reflux``,
    ``combined-reflux``: see ``EXPERIMENTS``).
    """

    id: str
    measure: str
    condition: str
    unit: str
    published: str
    low: float | None
    high: float | None
    model: float | None
    status: str  # "pass", "fail" or "skip"
    note: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "measure": self.measure, "condition": self.condition, "unit": self.unit,
            "published": self.published, "low": self.low, "high": self.high,
            "model": None if self.model is None else round(self.model, 4),
            "status": self.status, "note": self.note, "source": self.source,
        }


def load_targets() -> list[dict[str, str]]:
    """The rows of ``data/targets.csv``."""
    text = (resources.files("calfpump") / "data" / "targets.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# ---- the virtual experiments, each run once per validation --------------------------------
@cache
def _avp(preset: str = "healthy") -> AVPResult:
    return ambulatory_venous_pressure(preset)


@cache
def _apg(preset: str = "healthy") -> APGResult:
    return air_plethysmography(preset)


@cache
def _reflux(preset: str = "healthy") -> RefluxResult:
    return duplex_reflux(preset)


def _walking_ankle_pressure() -> float:
    # about 3 km/h: 90 steps/min (cadence assumption, docs/physiology_sources.md); last minute of 3
    sol = simulate("Walk at 90 steps/min for 3 minutes", "healthy")
    return float(np.mean(sol.pressure(FOOT_NODE)[sol.t >= sol.t[-1] - 60.0]))


def _cycling_ankle_pressure() -> float:
    # Stick 1993: 50 W at 50 rpm; pressure settled within the first minute; last 2 min of 4
    sol = simulate(["Sit for 1 minute", "Cycle at 50 rpm for 4 minutes"], "healthy")
    return float(np.mean(sol.pressure(FOOT_NODE)[sol.t >= sol.t[-1] - 120.0]))


def _supine_calf_pressure() -> float:
    return float(simulate("Lie for 3 minutes", "healthy").pressure("deep_calf")[-1])


def _lower_leg_volume_change_pct(step: str) -> float:
    """Change of lower-leg volume (its veins plus interstitial fluid) over one long step, percent.

    From the reference (ambulant) interstitial state, as Tessari 2013's subjects started; the
    fast day path, whose error against full resolution a test measures.
    """
    from .day import simulate_day

    return simulate_day([step], "healthy").to_dict()["lower_leg_volume_change_pct"]


def _lying_after_standing_day_pct() -> float:
    """Change of lower-leg volume over 10 h lying that starts in the evening of an 8-hour
    standing day, percent, read as a water volumeter reads it: with the leg hanging down at
    both ends (the last minute of the standing day, and the 2nd minute of standing up after
    the 10 h of lying).

    Tessari 2013's lying group was "assessed before and after 10 h of supine resting" with no
    start state given; a person who has been on their feet all day (the standing group's
    evening) is the model's reading of it (docs/model-status.md). From the reference (morning)
    state lying moves the leg by a fraction of a percent. Tessari's standing group "underwent a
    water plethysmography test" (abstract; the lying group's method is taken to be the same). A
    lower leg can only be immersed in a volumeter hanging down (standing or sitting), so both
    readings are taken with its veins
    filled at a high transmural pressure, where the tissue pressure hardly moves their volume;
    read in the lying leg instead (veins at a low transmural pressure, refilling by about
    25 mL as the tissue pressure falls) the fall is about 1.2 points smaller. The veins fill
    within the first 2 minutes of standing (the fast phase of Stick C, Grau H, Witzleb E, Eur J
    Appl Physiol 1989;59:39-47, whose slow phase is read from minute 2).
    """
    from .day import simulate_day

    r = simulate_day(["Stand for 8 hours", "Lie for 10 hours", "Stand for 2 minutes"], "healthy")
    vol = r.minutes["lower_leg_volume_mL"].to_numpy()
    return float(100.0 * (vol[-1] - vol[8 * 60 - 1]) / r.tissue_volume_mL)


#: target id -> how the model answers it
EXPERIMENTS: dict[str, Callable[[], float]] = {
    "avp_rest_healthy": lambda: _avp().rest_mmHg,
    "avp_min_healthy": lambda: _avp().min_mmHg,
    "avp_drop_healthy": lambda: _avp().drop_pct,
    "rt90_healthy": lambda: _avp().rt90_s,
    "avp_walk_3kmh": _walking_ankle_pressure,
    "avp_cycling_50rpm": _cycling_ankle_pressure,
    "supine_calf_pressure": _supine_calf_pressure,
    "apg_vv_healthy": lambda: _apg().vv_mL,
    "apg_vfi_healthy": lambda: _apg().vfi_mL_s,
    "apg_ef_healthy": lambda: _apg().ef_pct,
    "apg_rvf_healthy": lambda: _apg().rvf_pct,
    "apg_vfi_superficial": lambda: _apg("superficial-reflux").vfi_mL_s,
    "apg_ef_superficial": lambda: _apg("superficial-reflux").ef_pct,
    "apg_rvf_superficial": lambda: _apg("superficial-reflux").rvf_pct,
    "apg_ef_deep": lambda: _apg("deep-reflux").ef_pct,
    # severe venous stasis with mostly combined superficial and deep reflux (Bays 1994)
    "apg_vv_combined": lambda: _apg("combined-reflux").vv_mL,
    "apg_vfi_combined": lambda: _apg("combined-reflux").vfi_mL_s,
    "apg_ef_combined": lambda: _apg("combined-reflux").ef_pct,
    "apg_rvf_combined": lambda: _apg("combined-reflux").rvf_pct,
    "reflux_time_superficial_cutoff": lambda: max(_reflux().sfj_reflux_s, 0.0),
    "leg_volume_standing_8h": lambda: _lower_leg_volume_change_pct("Stand for 8 hours"),
    "leg_volume_supine_10h": _lying_after_standing_day_pct,
    "leg_volume_sitting_8h": lambda: _lower_leg_volume_change_pct("Sit for 8 hours"),
}

#: targets that are cut-offs: the healthy model must stay below the value
CUT_OFFS: frozenset[str] = frozenset({"reflux_time_superficial_cutoff"})

#: why a target has no experiment yet
SKIP_REASONS: dict[str, str] = {
    "soleus_pressure_walking": "a model input (calf_pump_peak_mmHg = 181), not an output",
    "tibialis_pressure_walking": "the anterior compartment is not modelled",
    "kf_calf": "a model input (capillary_filtration_coefficient)",
    "occlusion_pressure_standing": "needs a garment or cuff occlusion test (not built)",
    "stocking_class_eu": "a classification: the stocking lever takes the ankle pressure (Person.stocking_mmHg; sizes by class in docs/levers.md)",
    "dorsiflexion_ceap": "an input: the CEAP ankle ranges set the person's ankle_rom_deg (docs/levers.md)",
    "pf_heel_loading": "a direction, used by plantar_fasciitis.py (no magnitude to compare)",
    "pf_gait": "a direction, used by plantar_fasciitis.py (no magnitude to compare)",
    "pf_standing": "an input: typical_day adds plantar_fasciitis.extra_standing_hours (3.4 h at moderate pain) to a painful heel's day",
    "pf_history": "an input: calfpump.programme's natural history of heel pain is fitted to it (PF_RESOLUTION_PER_YEAR)",
    "ulcer_vs_avp": "a risk table, for the risk measures (later issue)",
    "ppg_refill_combined": "photoplethysmography (skin blood content) is not modelled; the model's refill "
                           "measure is the AVP RT90 (combined-reflux: 1.8 s with tiptoes, 0.9 s with steps)",
}


def _float(text: str) -> float | None:
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def validate(only: Iterable[str] | None = None) -> list[ValidationRow]:
    """Run the virtual experiments and compare them with every target.

    Parameters
    ----------
    only
        Target ids to check (default: all rows of ``data/targets.csv``); one id may be given
        as text. Anything else (a number, bytes) or an id that is not text is a
        :class:`~calfpump.errors.ParameterError`.
    """
    if isinstance(only, str):  # one id, not its letters
        only = [only]
    if only is not None:
        if isinstance(only, (bytes, bytearray)) or not isinstance(only, Iterable):
            raise ParameterError(f"only = {shown(only)} is not a target id or a list of target ids")
        only = list(only)
        if not all(isinstance(i, str) for i in only):
            raise ParameterError(f"only = {shown(only)}: target ids are text, e.g. 'rt90_healthy'")
    targets = load_targets()
    ids = [t["id"] for t in targets]
    wanted = set(ids) if only is None else set(only)
    unknown = sorted(wanted - set(ids))
    if unknown:
        raise ParameterError(f"unknown target id(s) {unknown}; known: {ids}")
    rows = []
    for t in targets:
        if t["id"] not in wanted:
            continue
        low, high, value = _float(t["low"]), _float(t["high"]), _float(t["value"])
        model: float | None = None
        if t["id"] in EXPERIMENTS:
            model = EXPERIMENTS[t["id"]]()
            if t["id"] in CUT_OFFS:
                ok = value is not None and model < value
                note = f"healthy must stay under the cut-off {t['value']} {t['unit']}"
            else:
                ok = low is not None and high is not None and low <= model <= high
                note = ""
            status = "pass" if ok else "fail"
        else:
            status = "skip"
            note = SKIP_REASONS.get(t["id"], "no virtual experiment for this target yet")
        rows.append(ValidationRow(
            id=t["id"], measure=t["measure"], condition=t["condition"], unit=t["unit"],
            published=t["value"], low=low, high=high, model=model, status=status, note=note,
            source=t["source"],
        ))
    return rows
