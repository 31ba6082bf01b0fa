"""Virtual air plethysmography of the healthy preset against targets.csv."""

from __future__ import annotations

import pytest

from calfpump.apg import air_plethysmography
from calfpump.errors import CalfpumpError, ParameterError
from calfpump.parameters import ParameterValues


@pytest.fixture(scope="module")
def healthy_apg(healthy: ParameterValues):
    return air_plethysmography(healthy)


@pytest.mark.parametrize(
    ("target", "field"),
    [("apg_vv_healthy", "vv_mL"), ("apg_vfi_healthy", "vfi_mL_s"), ("apg_ef_healthy", "ef_pct"),
     ("apg_rvf_healthy", "rvf_pct")],
)
def test_healthy_apg_in_published_range(healthy_apg, targets, target: str, field: str) -> None:
    row = targets[target]
    value = getattr(healthy_apg, field)
    assert float(row["low"]) <= value <= float(row["high"]), f"{field} = {value:.2f}, {target} {row}"


def test_definitions_hold(healthy_apg) -> None:
    r = healthy_apg
    assert r.vfi_mL_s == pytest.approx(0.9 * r.vv_mL / r.fill_time_90_s)
    assert r.ef_pct == pytest.approx(100 * r.ev_mL / r.vv_mL)
    assert r.rvf_pct == pytest.approx(100 * r.rv_mL / r.vv_mL)
    assert 0 < r.ev_mL <= r.vv_mL
    assert set(r.to_dict()) == {"vv_mL", "vfi_mL_s", "ev_mL", "ef_pct", "rv_mL", "rvf_pct"}


def test_superficial_reflux_fills_faster(healthy: ParameterValues, healthy_apg, targets) -> None:
    refluxing = healthy.update({"saphenofemoral_valve.incompetence": 0.6, "gsv_knee_valve.incompetence": 0.6})
    r = air_plethysmography(refluxing)
    assert r.vfi_mL_s > healthy_apg.vfi_mL_s
    # the reflux cut-off of Ibegbuna 1997 (targets: apg_vfi_superficial low = 2.0 mL/s)
    assert r.vfi_mL_s > float(targets["apg_vfi_superficial"]["low"])


def test_errors(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="stand_s"):
        air_plethysmography(healthy, stand_s=5.0)
    with pytest.raises(CalfpumpError, match="longer stand_s"):
        air_plethysmography(healthy, stand_s=40.0)


def test_tourniquet_separates_superficial_from_deep_reflux() -> None:
    superficial = ParameterValues.preset("superficial-reflux")
    deep = ParameterValues.preset("deep-reflux")
    s_free, s_tq = air_plethysmography(superficial), air_plethysmography(superficial, tourniquet=True)
    d_free, d_tq = air_plethysmography(deep), air_plethysmography(deep, tourniquet=True)
    assert s_free.vfi_mL_s > 4.0 and s_tq.vfi_mL_s < 0.5 * s_free.vfi_mL_s  # superficial: normalises
    assert d_tq.vfi_mL_s > 0.9 * d_free.vfi_mL_s  # deep: stays high


def test_tourniquet_needs_superficial_veins(healthy: ParameterValues) -> None:
    from dataclasses import replace

    from calfpump.apg import TOURNIQUET_LINKS

    net = replace(healthy.network, links=tuple(lk for lk in healthy.network.links if lk.name not in TOURNIQUET_LINKS))
    values = {k: v for k, v in healthy.items() if k.split(".")[0] not in TOURNIQUET_LINKS}
    leg = ParameterValues(values, network=net)
    air_plethysmography(leg)  # fine without a tourniquet
    with pytest.raises(CalfpumpError, match="nothing for it to occlude"):
        air_plethysmography(leg, tourniquet=True)
