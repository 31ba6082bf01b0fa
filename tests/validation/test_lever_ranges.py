"""The person's levers over their whole allowed range, in the model: a walk's lowest ankle
pressure (the ambulatory venous pressure's measure) and the plantar plexus' volume move one way.

Heel pain (Sullivan 2015, Foot 2022: less heel load, slower and shorter steps), heel loading
(the plantar pump: Gardner & Fox 1983), calf strength up to a healthy calf's and ankle range up to
the 1.5-fold cap (CEAP C0-C4 ankles, J Vasc Bras 2007), stockings (the ambulatory minimum rises
with the garment: a documented disagreement, docs/levers.md). One batch run per lever.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import calfpump
from calfpump import ParameterValues
from calfpump.person import Person

WALK = "Walk at 100 steps/min for 2 minutes"


@pytest.fixture(scope="module")
def healthy() -> ParameterValues:
    return ParameterValues.preset("healthy")


def _walk(healthy: ParameterValues, lever: str, values: list[float]) -> tuple[np.ndarray, np.ndarray]:
    people = [Person(**{lever: v}).parameters(healthy) for v in values]
    summary = calfpump.simulate_batch(WALK, people)
    assert isinstance(summary, calfpump.BatchSummary)
    return summary.get("ankle.pressure", "min")[:, -1], summary.get("foot.volume", "mean")[:, -1]


def _one_way(values: np.ndarray, direction: int, tol: float = 1e-6) -> bool:
    return all(direction * (b - a) >= -tol for a, b in itertools.pairwise(values))


@pytest.mark.parametrize(
    ("lever", "values", "direction"),
    [
        ("heel_pain", [0.0, 2.5, 5.0, 7.5, 10.0], 1),
        ("heel_loading", [0.0, 0.5, 1.0, 1.5], -1),
        ("calf_strength", [0.0, 0.25, 0.5, 0.75, 1.0, 2.0], -1),
        ("ankle_rom_deg", [1.0, 10.0, 24.5, 37.9, 42.4, 63.6, 80.0], -1),
        ("stocking_mmHg", [0.0, 20.0, 40.0, 60.0], 1),
    ],
)
def test_walking_minimum_moves_one_way_over_the_whole_range(
    healthy: ParameterValues, lever: str, values: list[float], direction: int
) -> None:
    low, _ = _walk(healthy, lever, values)
    assert np.all(np.isfinite(low))
    assert _one_way(low, direction), (lever, low)
    assert direction * (low[-1] - low[0]) > 0.1, (lever, low)


@pytest.mark.parametrize(("lever", "values", "direction"),
                         [("heel_pain", [0.0, 5.0, 10.0], 1), ("heel_loading", [0.0, 0.5, 1.0, 1.5], -1)])
def test_the_foot_pump_levers_move_the_plantar_plexus_one_way(
    healthy: ParameterValues, lever: str, values: list[float], direction: int
) -> None:
    _, plexus = _walk(healthy, lever, values)
    assert _one_way(plexus, direction) and direction * (plexus[-1] - plexus[0]) > 0, (lever, plexus)


def test_pedalling_ignores_heel_pain_and_shoes_but_not_a_stiff_ankle(healthy: ParameterValues) -> None:
    """Cycling presses the forefoot on the pedal, the heel unloaded: heel pain's limit on
    late-stance dorsiflexion and the shoe leave the pedalling calf pump alone (so cycling stays a
    remedy for a painful heel); the joint's own range still limits it (model.build, G_CALF_CYC)."""
    protocol = ["Sit for 1 minute", "Cycle at 50 rpm for 3 minutes"]
    people = [Person(), Person(heel_pain=10, footwear="high-heel"), Person(ankle_rom_deg=24.5)]
    res = calfpump.simulate_batch(protocol, [p.parameters(healthy) for p in people])
    ankle = res.get("ankle.pressure", "mean")[:, 1]
    assert ankle[1] == pytest.approx(ankle[0], abs=1e-6)
    assert ankle[2] > ankle[0] + 1.0
    walk = [p.parameters(healthy) for p in people[:2]]
    walking = calfpump.simulate_batch(WALK, walk).get("ankle.pressure", "min")[:, 0]
    assert walking[1] > walking[0] + 1.0  # the same pain and shoe do reach the walking pump
