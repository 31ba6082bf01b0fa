"""Disease presets move the virtual clinical tests the way the literature says.

Known gaps (docs/model-status.md): deep reflux leaves the one-tiptoe ejection
fraction at the healthy value (published about 40 %; not asserted), and with the
10-tiptoe AVP protocol the drop of deep reflux and post-thrombotic legs is not
smaller than that of superficial reflux (a strict xfail below). With the 10-step
AVP protocol (the consensus allows either) the ordering holds.
"""

from __future__ import annotations

import pytest

from calfpump import ParameterValues
from calfpump.apg import air_plethysmography
from calfpump.avp import ambulatory_venous_pressure
from calfpump.reflux import duplex_reflux

DISEASES = ("superficial-reflux", "deep-reflux", "post-thrombotic", "perforator-incompetence", "combined-reflux")


@pytest.fixture(scope="module")
def tests_of():
    cache: dict[str, tuple] = {}

    def run(name: str):
        if name not in cache:
            p = ParameterValues.preset(name)
            cache[name] = (ambulatory_venous_pressure(p), air_plethysmography(p), duplex_reflux(p))
        return cache[name]

    return run


@pytest.mark.parametrize("name", DISEASES)
def test_disease_presets_load_with_sources(name: str) -> None:
    p = ParameterValues.preset(name)
    healthy = ParameterValues.preset("healthy")
    changed = [k for k in p if p[k] != healthy[k]]
    assert changed, f"{name} changes nothing"
    assert all(p.source(k) for k in changed)


def test_superficial_reflux_matches_varicose_apg(tests_of, targets) -> None:
    avp, apg, reflux = tests_of("superficial-reflux")
    h_avp, h_apg, _ = tests_of("healthy")
    for target, value in (("apg_vfi_superficial", apg.vfi_mL_s), ("apg_ef_superficial", apg.ef_pct),
                          ("apg_rvf_superficial", apg.rvf_pct)):
        row = targets[target]
        assert float(row["low"]) <= value <= float(row["high"]), (target, value)
    assert avp.rt90_s < 0.5 * h_avp.rt90_s  # refill "well under" healthy
    assert avp.drop_pct < h_avp.drop_pct
    assert reflux.sfj_reflux_s > 0.5
    assert apg.ef_pct < h_apg.ef_pct and apg.rvf_pct > h_apg.rvf_pct


@pytest.mark.parametrize("name", ["deep-reflux", "post-thrombotic"])
def test_deep_disease_refluxes_in_the_popliteal_vein(tests_of, name: str) -> None:
    avp, apg, reflux = tests_of(name)
    h_avp, h_apg, _ = tests_of("healthy")
    assert reflux.popliteal_reflux_s > 1.0
    assert avp.rt90_s < h_avp.rt90_s
    assert avp.drop_pct < h_avp.drop_pct
    assert apg.vfi_mL_s > h_apg.vfi_mL_s


def test_post_thrombotic_obstruction_lowers_ejection(tests_of) -> None:
    _, deep, _ = tests_of("deep-reflux")
    _, pt, _ = tests_of("post-thrombotic")
    assert pt.ef_pct < deep.ef_pct


def test_severity_scales_superficial_reflux() -> None:
    vfi = [air_plethysmography(ParameterValues.preset("superficial-reflux", s)).vfi_mL_s
           for s in (0.0, 0.5, 1.0)]
    assert vfi == sorted(vfi) and vfi[2] > 2 * vfi[0]


ORDER = ("healthy", "superficial-reflux", "deep-reflux", "post-thrombotic")


def test_avp_drop_ordering_with_ten_steps(avp_by_exercise) -> None:
    """Issue 4: AVP drop healthy > superficial > deep > post-thrombotic, and deep disease
    refills progressively faster (RT90), with the 10-step protocol (Nicolaides 2000: 10
    tiptoes or 10 steps)."""
    drops = [avp_by_exercise(name, "walk").drop_pct for name in ORDER]
    print(dict(zip(ORDER, drops)))
    assert drops == sorted(drops, reverse=True) and len(set(drops)) == len(drops)
    rt90 = [avp_by_exercise(name, "walk").rt90_s for name in ("healthy", "deep-reflux", "post-thrombotic")]
    assert rt90 == sorted(rt90, reverse=True)


@pytest.mark.xfail(strict=True, reason="known gap (docs/model-status.md): in walking the foot pump "
                   "fires about half a second after the calf relaxes, when reflux has refilled the deep "
                   "calf, and drives plantar blood into the ankle veins; heel raises have no such moment, "
                   "so deep disease drops the ankle pressure nearly as far as a healthy leg. Only a deep "
                   "leak that refills the calf between heel raises (deep resistances x0.25: 600 mL/s) "
                   "brings deep below superficial, and then popliteal reflux lasts 0.4 s, under the 1 s cut-off")
def test_avp_drop_ordering_with_ten_tiptoes(avp_by_exercise) -> None:
    drops = [avp_by_exercise(name, "tiptoe").drop_pct for name in ORDER]
    assert drops == sorted(drops, reverse=True)


def test_faster_deep_reflux_trades_reflux_time_for_ankle_pressure() -> None:
    """Why the tiptoe ordering fails (docs/model-status.md): a deep leak fast enough to refill the
    calf between heel raises keeps the ankle fuller (smaller drop) but ends the duplex reflux
    sooner; the > 1 s popliteal reflux that defines deep reflux asks for the slower leak."""
    valves = ("popliteal_valve", "femoral_valve", "common_femoral_valve")
    base = {f"{v}.incompetence": 1.0 for v in valves}
    preset = ParameterValues.preset("deep-reflux")
    resist = {f"{k}.resistance_mmHg_s_mL": preset[f"{k}.resistance_mmHg_s_mL"]
              for k in (*valves, "caval_outflow")}
    results = []
    for scale in (1.0, 0.25):
        p = preset.update({**base, **{k: r * scale for k, r in resist.items()}})
        results.append((ambulatory_venous_pressure(p).drop_pct, duplex_reflux(p).popliteal_reflux_s))
    (drop_slow, reflux_slow), (drop_fast, reflux_fast) = results
    assert drop_fast < drop_slow - 5.0
    assert reflux_fast < 1.0 < reflux_slow
