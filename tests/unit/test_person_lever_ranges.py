"""Every person lever over its whole allowed range, ends included: the mapped model parameters
are finite, inside their own physical ranges, and move in the documented direction."""

from __future__ import annotations

import itertools
import math

import pytest

from calfpump import ParameterValues
from calfpump.arch import ARCH_TYPES
from calfpump.footwear import FOOTWEAR
from calfpump.parameters import parameter_specs
from calfpump.person import Person

MAPPED = ("calf_strength", "ankle_rom_factor", "foot_pump_efficiency", "habitual_cadence_spm",
          "step_length_fraction", "stocking_ankle_mmHg", "body_height_cm")


@pytest.fixture(scope="module")
def base() -> ParameterValues:
    return ParameterValues.preset("healthy")


def _in_range(p: ParameterValues) -> None:
    specs = parameter_specs(p.network)
    for name in p:
        value = p[name]
        assert math.isfinite(value) and specs[name].low <= value <= specs[name].high, name


def test_every_corner_of_the_levers_maps_inside_the_parameter_ranges(base: ParameterValues) -> None:
    """The ends (and just inside them) of every lever, in every combination with the shoes, arches
    and stocking lengths: no parameter outside its range (which would fail deep inside)."""
    grid = {
        "heel_pain": (0.0, 1e-9, 10.0 - 1e-9, 10.0),
        "calf_strength": (0.0, 2.0),
        "ankle_rom_deg": (1e-6, 80.0),
        "heel_loading": (0.0, 1.5),
        "footwear": tuple(FOOTWEAR),
        "arch_type": tuple(ARCH_TYPES),
        "cadence_spm": (30.0, 200.0),
        "step_length_fraction": (0.2, 0.6),
        "stocking_mmHg": (0.0, 60.0),
        "stocking_length": ("knee", "thigh"),
    }
    for values in itertools.product(*grid.values()):
        _in_range(Person(**dict(zip(grid, values, strict=True))).parameters(base))


@pytest.mark.parametrize(
    ("lever", "values", "parameter", "direction"),
    [
        ("heel_pain", [i / 2 for i in range(21)], "foot_pump_efficiency", -1),
        ("heel_pain", [i / 2 for i in range(21)], "ankle_rom_factor", -1),
        ("heel_pain", [i / 2 for i in range(21)], "habitual_cadence_spm", -1),
        ("heel_pain", [i / 2 for i in range(21)], "step_length_fraction", -1),
        ("calf_strength", [0.0, 0.5, 1.0, 1.5, 2.0], "calf_strength", 1),
        ("ankle_rom_deg", [1e-6, 10.0, 42.4, 63.6, 80.0], "ankle_rom_factor", 1),
        ("heel_loading", [0.0, 0.5, 1.0, 1.5], "foot_pump_efficiency", 1),
        ("cadence_spm", [30.0, 100.0, 200.0], "habitual_cadence_spm", 1),
        ("stocking_mmHg", [0.0, 20.0, 40.0, 60.0], "stocking_ankle_mmHg", 1),
    ],
)
def test_levers_move_their_parameters_one_way(base: ParameterValues, lever: str, values: list[float],
                                              parameter: str, direction: int) -> None:
    """Monotone over the whole range (non-strict: the cadence and step length stop at the
    model's floor, the ankle factor at 1.5, i.e. 63.6 degrees)."""
    for extra in ({}, {"heel_pain": 10.0, "footwear": "high-heel", "arch_type": "flat"}):
        if lever in extra:
            continue
        mapped = [Person(**{**extra, lever: v}).parameters(base)[parameter] for v in values]
        assert all(direction * (b - a) >= 0 for a, b in itertools.pairwise(mapped)), (lever, extra, mapped)
        assert direction * (mapped[-1] - mapped[0]) > 0, (lever, extra, mapped)


def test_shoes_and_arches_in_the_published_order(base: ParameterValues) -> None:
    """High heels cut the foot pump and the ankle's range (Tedeschi Filho 2012); firm flat shoes do
    worse than soft athletic ones and orthotics better (Lerebourg 2020); a flat foot worse than a
    high arch, both worse than normal (Uhl & Gillot 2012, direction)."""
    def mapped(**kw: str) -> tuple[float, float]:
        p = Person(**kw).parameters(base)
        return p["foot_pump_efficiency"], p["ankle_rom_factor"]

    assert mapped(footwear="high-heel") < mapped(footwear="firm-flat") < mapped(footwear="athletic")
    assert mapped(footwear="athletic") == mapped(footwear="barefoot")
    assert mapped(footwear="orthotic")[0] > mapped(footwear="athletic")[0]
    assert mapped(arch_type="flat")[0] < mapped(arch_type="high")[0] < mapped(arch_type="normal")[0]


def test_a_thigh_high_stocking_presses_on_the_thigh_veins_only_then(base: ParameterValues) -> None:
    knee = Person(stocking_mmHg=30).parameters(base)
    thigh = Person(stocking_mmHg=30, stocking_length="thigh").parameters(base)
    for node in ("superficial_thigh", "femoral"):
        assert knee[f"{node}.garment_fraction"] == 0.0 < thigh[f"{node}.garment_fraction"]
    assert all(knee[k] == thigh[k] for k in knee if "thigh" not in k and "femoral" not in k)
    assert set(MAPPED) <= set(knee)
