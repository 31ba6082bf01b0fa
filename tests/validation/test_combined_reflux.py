"""Combined superficial and deep reflux (``combined-reflux``), the commonest deep-reflux pattern.

Duplex in 1653 limbs: deep reflux alone in 2-8 %, combined superficial and deep reflux in
18-48 % of limbs with varicose veins or their complications (Myers KA et al., J Vasc Surg,
about 1995, abstract read). The preset is the superficial-reflux and deep-reflux changes
together. Its APG is compared with 10 limbs with severe venous stasis, 7 of them with combined
reflux (Bays RA et al. J Vasc Surg 1994;20:721-727, abstract read; data/targets.csv): the
filling index lands inside, at the top edge; venous volume, ejection and residual volume
fractions do not (strict xfails below; docs/model-status.md, "Combined superficial and deep
reflux").
"""

from __future__ import annotations

import pytest

from calfpump import ParameterValues
from calfpump.apg import air_plethysmography
from calfpump.parameters import list_presets
from calfpump.reflux import duplex_reflux

NAME = "combined-reflux"


def test_listed_and_made_of_the_two_single_system_presets() -> None:
    assert NAME in list_presets()
    healthy = ParameterValues.preset("healthy")
    sup = ParameterValues.preset("superficial-reflux")
    deep = ParameterValues.preset("deep-reflux")
    combined = ParameterValues.preset(NAME)
    changed = {k for k in combined if combined[k] != healthy[k]}
    assert changed == {k for k in healthy if sup[k] != healthy[k] or deep[k] != healthy[k]}
    for k in changed:  # each value is the single-system preset's own, with a source
        assert combined[k] == (sup[k] if sup[k] != healthy[k] else deep[k]), k
        assert combined.source(k)


def test_severity_runs_from_healthy() -> None:
    healthy = ParameterValues.preset("healthy")
    zero = ParameterValues.preset(NAME, severity=0.0)
    assert all(zero[k] == healthy[k] for k in healthy)
    vfi = [air_plethysmography(ParameterValues.preset(NAME, s)).vfi_mL_s for s in (0.25, 0.5, 1.0)]
    assert vfi == sorted(vfi) and vfi[0] > air_plethysmography(healthy).vfi_mL_s


@pytest.fixture(scope="module")
def apg():
    return air_plethysmography(NAME)


def test_refluxes_in_both_systems() -> None:
    """Duplex cut-offs (over 0.5 s superficial, over 1 s femoral and popliteal): both exceeded."""
    r = duplex_reflux(NAME)
    assert r.sfj_reflux_s > 0.5
    assert r.popliteal_reflux_s > 1.0


@pytest.mark.parametrize("exercise", ["walk", "tiptoe"])
def test_avp_drop_below_either_single_system(avp_by_exercise, exercise: str) -> None:
    """AVP drop healthy > superficial reflux > combined reflux, and combined below deep reflux
    alone too, with either protocol of the consensus (10 steps or 10 tiptoes); refill fastest
    in the combined leg."""
    drop = {n: avp_by_exercise(n, exercise).drop_pct for n in ("healthy", "superficial-reflux", "deep-reflux", NAME)}
    assert drop["healthy"] > drop["superficial-reflux"] > drop[NAME]
    assert drop["deep-reflux"] > drop[NAME]
    rt90 = {n: avp_by_exercise(n, exercise).rt90_s for n in ("superficial-reflux", "deep-reflux", NAME)}
    assert rt90[NAME] < min(rt90["superficial-reflux"], rt90["deep-reflux"])


def test_filling_index_inside_bays_1994(apg, targets) -> None:
    """Inside, at the top edge (35.7 of 35.7 mL/s at the last check): two errors that cancel, a
    filling about twice as fast as Bays's legs with about 0.6 of their venous volume
    (docs/model-status.md). A change that moves VFI by a few tenths may flip this test; read the
    two parts, not only the index."""
    row = targets["apg_vfi_combined"]
    assert float(row["low"]) <= apg.vfi_mL_s <= float(row["high"]), apg.vfi_mL_s


def test_filling_index_far_above_either_single_system(apg) -> None:
    """Each single-system leg leaves one calf compartment to fill slowly; together both fill
    from above within seconds of standing, so the filling index is more than the sum."""
    single = [air_plethysmography(n).vfi_mL_s for n in ("superficial-reflux", "deep-reflux")]
    assert apg.vfi_mL_s > 2.0 * sum(single)


def test_tourniquet_leaves_an_abnormal_filling_index(apg) -> None:
    """A below-knee tourniquet removes the superficial refill, but the deep reflux keeps the
    filling index above the healthy leg's and above that of superficial reflux under the same
    tourniquet (a tourniquet that does not correct VFI points to deep reflux: Criado E et al.
    J Vasc Surg 1998, abstract read)."""
    tq = air_plethysmography(NAME, tourniquet=True).vfi_mL_s
    assert tq < apg.vfi_mL_s
    assert tq > air_plethysmography("healthy").vfi_mL_s
    assert tq > air_plethysmography("superficial-reflux", tourniquet=True).vfi_mL_s


GAP = ("known gap (docs/model-status.md): the combined leg keeps the healthy calf pump and the "
       "single-system vein sizes, so its VV stays near 137 mL and its EF near 52 %; the severe limbs of "
       "Bays 1994 had doubled venous volume and a poor pump")


@pytest.mark.parametrize(
    ("target", "measure"),
    [
        pytest.param("apg_vv_combined", "vv_mL", marks=pytest.mark.xfail(strict=True, reason=GAP)),
        pytest.param("apg_ef_combined", "ef_pct", marks=pytest.mark.xfail(strict=True, reason=GAP)),
        pytest.param("apg_rvf_combined", "rvf_pct", marks=pytest.mark.xfail(strict=True, reason=GAP)),
    ],
)
def test_volume_and_pump_inside_bays_1994(apg, targets, target: str, measure: str) -> None:
    row = targets[target]
    value = getattr(apg, measure)
    assert float(row["low"]) <= value <= float(row["high"]), (target, value)
