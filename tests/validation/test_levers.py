"""Each lever moves the venous outputs the way the literature says, monotonically.

Sizes are in docs/levers.md. Magnitudes of the plantar fasciitis and footwear
mappings are assumptions within published directions (plantar_fasciitis.py,
footwear.py).
"""

from __future__ import annotations

import pytest

from calfpump import ParameterValues
from calfpump.apg import air_plethysmography
from calfpump.avp import ambulatory_venous_pressure
from calfpump.person import Person


@pytest.fixture(scope="module")
def healthy() -> ParameterValues:
    return ParameterValues.preset("healthy")


def _walk_min_and_ef(params: ParameterValues) -> tuple[float, float]:
    walk = ambulatory_venous_pressure(params, exercise="walk")  # 10 steps
    return walk.min_mmHg, air_plethysmography(params).ef_pct


def test_heel_pain_raises_walking_pressure_and_lowers_ejection(healthy: ParameterValues) -> None:
    results = [_walk_min_and_ef(Person.create(heel_pain=p).parameters(healthy)) for p in (0, 3, 6, 10)]
    minimums = [r[0] for r in results]
    ejections = [r[1] for r in results]
    assert minimums == sorted(minimums) and minimums[2] > minimums[0]  # pain 6 vs 0: higher minimum
    assert ejections == sorted(ejections, reverse=True) and ejections[2] < ejections[0]


def test_high_heels_lower_ejection_and_raise_residual_volume(healthy: ParameterValues) -> None:
    # Tedeschi Filho 2012 (J Vasc Surg 56:1039): 7 cm heels vs barefoot
    bare = air_plethysmography(Person.create(footwear="barefoot").parameters(healthy))
    heels = air_plethysmography(Person.create(footwear="high-heel").parameters(healthy))
    assert heels.ef_pct < bare.ef_pct
    assert heels.rvf_pct > bare.rvf_pct


def test_soft_shoes_and_orthotics_do_better_than_firm_shoes(healthy: ParameterValues) -> None:
    firm = _walk_min_and_ef(Person.create(footwear="firm-flat").parameters(healthy))
    for name in ("athletic", "orthotic"):
        better = _walk_min_and_ef(Person.create(footwear=name).parameters(healthy))
        assert better[0] <= firm[0] and better[1] >= firm[1], name


def test_calf_strength_and_ankle_range_are_monotone(healthy: ParameterValues) -> None:
    efs = [air_plethysmography(Person.create(calf_strength=s).parameters(healthy)).ef_pct
           for s in (0.6, 0.8, 1.0, 1.2)]
    assert efs == sorted(efs)
    roms = [air_plethysmography(Person.create(ankle_rom_deg=r).parameters(healthy)).ef_pct
            for r in (24.5, 37.9, 42.4)]  # CEAP C4, C3, C0 ranges (J Vasc Bras 2007)
    assert roms == sorted(roms)


def test_legs_raised_lower_foot_pressure_below_supine(healthy: ParameterValues) -> None:
    from calfpump import simulate

    supine = simulate("Lie for 2 minutes", healthy).pressure("ankle")[-1]
    raised = simulate("Lie with legs raised 30 degrees for 2 minutes", healthy).pressure("ankle")[-1]
    assert raised < supine


def test_cycling_lowers_ankle_pressure_less_than_walking(healthy: ParameterValues, targets) -> None:
    from calfpump import simulate

    cyc = simulate(["Sit for 1 minute", "Cycle at 50 rpm for 4 minutes"], healthy)
    walk = simulate("Walk at 90 steps/min for 3 minutes", healthy)
    cyc_mean = float(cyc.pressure("ankle")[cyc.t >= cyc.t[-1] - 120].mean())
    walk_mean = float(walk.pressure("ankle")[walk.t >= walk.t[-1] - 60].mean())
    sitting = float(cyc.pressure("ankle")[cyc.sample_step == 0][-1])
    row = targets["avp_cycling_50rpm"]  # Stick 1993: 26-35 mmHg
    assert float(row["low"]) <= cyc_mean <= float(row["high"])
    assert walk_mean < cyc_mean < sitting


def test_seated_ankle_pumps_lower_foot_pressure_and_calf_volume(healthy: ParameterValues) -> None:
    from calfpump import simulate

    sol = simulate(["Sit for 2 minutes", "Ankle pumps 30 times at 0.5 Hz"], healthy)
    sit, pumps = sol.sample_step == 0, sol.sample_step == 1
    assert sol.pressure("ankle")[pumps].mean() < 0.6 * sol.pressure("ankle")[sit][-1]
    assert sol.calf_volume[pumps][-1] < sol.calf_volume[sit][-1]
    weaker = simulate(["Sit for 2 minutes", "Ankle pumps 30 times at 0.5 Hz"],
                      healthy.update({"ankle_pump_fraction": 0.2}))
    assert weaker.pressure("ankle")[pumps].mean() > sol.pressure("ankle")[pumps].mean()


def test_swimming_empties_the_leg_veins_and_lowers_filtration(healthy: ParameterValues) -> None:
    from calfpump import simulate

    sol = simulate(["Lie for 2 minutes", "Swim for 3 minutes"], healthy)
    lie, swim = sol.sample_step == 0, sol.sample_step == 1
    transmural = sol.pressure("ankle") - sol["ankle.external_pressure"]
    assert transmural[swim][-1] < transmural[lie][-1]  # water presses the veins
    assert sol.calf_volume[swim][-1] < 0.6 * sol.calf_volume[lie][-1]
    filtration = sum(sol[f"{n}.filtration"] for n in ("foot", "ankle", "deep_calf", "superficial_calf"))
    assert filtration[swim][-1] < filtration[lie][-1]  # the water presses on the tissue too
    deeper = simulate(["Lie for 2 minutes", "Swim for 3 minutes"], healthy.update({"swim_surface_above_heart_cm": 40.0}))
    assert deeper.calf_volume[swim][-1] < sol.calf_volume[swim][-1]


def test_heel_pain_slows_the_habitual_walk(healthy: ParameterValues) -> None:
    from calfpump import simulate

    means = []
    for pain in (0, 5, 10):
        params = Person.create(heel_pain=pain).parameters(healthy)
        sol = simulate("Walk for 3 minutes", params)
        means.append(float(sol.pressure("ankle")[sol.t >= sol.t[-1] - 60].mean()))
        assert params["habitual_cadence_spm"] < 100.0 or pain == 0
    assert means == sorted(means) and means[-1] > means[0]
