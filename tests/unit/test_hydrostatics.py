"""Unit tests for calfpump.hydrostatics: node heights relative to the right atrium."""

from __future__ import annotations

import math

import numpy as np
import pytest

from calfpump.hydrostatics import inclinations, node_heights, upright_fraction
from calfpump.model import G_HDEPTH, G_LSHANK, G_LTHIGH, G_LTRUNK, NP_DIST, build
from calfpump.parameters import ParameterValues
from calfpump.protocol import Posture


def heights(params: ParameterValues, posture: Posture, angle_deg: float = 0.0) -> dict[str, float]:
    """Height of every node above the RA (cm) in a posture, by node name."""
    a = build(params)
    g = a.glob
    out = np.empty(a.n_nodes)
    node_heights(
        np.array(inclinations(posture, angle_deg)),
        np.array([g[G_LTRUNK], g[G_LTHIGH], g[G_LSHANK]]),
        g[G_HDEPTH],
        a.node_topo[:, 0],
        a.node_p[:, NP_DIST],
        out,
    )
    return dict(zip(params.network.node_names, out.tolist(), strict=True))


def _segment_nodes(params: ParameterValues, segment: str) -> list[str]:
    return [n.name for n in params.network.nodes if n.segment == segment]


def _hip_height(params: ParameterValues, posture: Posture, angle_deg: float = 0.0) -> float:
    """Height of the hip (top of the thigh segment) above the RA, cm."""
    trunk, _, _ = inclinations(posture, angle_deg)
    h = params["body_height_cm"]
    trunk_len = (params["right_atrium_height_fraction"] - params["hip_height_fraction"]) * h
    return -params["heart_depth_supine_cm"] * math.cos(trunk) + trunk_len * math.sin(trunk)


def test_standing_heights_follow_the_landmarks(healthy: ParameterValues) -> None:
    hs = heights(healthy, Posture.STANDING)
    h = healthy["body_height_cm"]
    ra = healthy["right_atrium_height_fraction"]
    for node in healthy.network.nodes:
        assert hs[node.name] == pytest.approx(-(ra - node.height_fraction) * h, abs=1e-9)


def test_standing_foot_lowest_and_all_below_the_atrium(healthy: ParameterValues) -> None:
    hs = heights(healthy, Posture.STANDING)
    assert all(v < 0.0 for v in hs.values())
    assert min(hs, key=hs.__getitem__) == "foot"
    assert (
        hs["foot"] < hs["ankle"] < hs["deep_calf"] < hs["popliteal"] < hs["femoral"] < hs["iliac"]
    )
    # about 1.2 m of column from the RA to the sole for a 175 cm adult
    assert -130.0 < hs["foot"] < -110.0


def test_supine_all_at_heart_depth(healthy: ParameterValues) -> None:
    hs = heights(healthy, Posture.SUPINE)
    for v in hs.values():
        assert v == pytest.approx(-healthy["heart_depth_supine_cm"], abs=1e-12)


def test_sitting_shank_below_thigh_thigh_at_hip(healthy: ParameterValues) -> None:
    hs = heights(healthy, Posture.SITTING)
    hip = _hip_height(healthy, Posture.SITTING)
    thigh = _segment_nodes(healthy, "thigh")
    shank = _segment_nodes(healthy, "shank")
    assert thigh and shank
    for name in thigh:
        assert hs[name] == pytest.approx(hip, abs=1e-9)
    assert max(hs[n] for n in shank) < min(hs[n] for n in thigh)
    # the hip is below the RA by the trunk length
    trunk_len = (
        healthy["right_atrium_height_fraction"] - healthy["hip_height_fraction"]
    ) * healthy["body_height_cm"]
    assert hip == pytest.approx(-trunk_len, abs=1e-9)
    # the foot hangs below the knee
    assert hs["foot"] == min(hs.values())


@pytest.mark.parametrize("angle", [10.0, 30.0, 60.0, 90.0])
def test_legs_raised_foot_above_hip(healthy: ParameterValues, angle: float) -> None:
    hs = heights(healthy, Posture.LEGS_RAISED, angle)
    hip = _hip_height(healthy, Posture.LEGS_RAISED, angle)
    assert hip == pytest.approx(-healthy["heart_depth_supine_cm"], abs=1e-12)
    assert hs["foot"] > hip
    assert hs["foot"] == max(hs.values())
    # trunk nodes stay at the supine level
    for name in _segment_nodes(healthy, "trunk"):
        assert hs[name] == pytest.approx(-healthy["heart_depth_supine_cm"], abs=1e-9)


def test_legs_raised_higher_angle_lifts_the_foot(healthy: ParameterValues) -> None:
    assert (
        heights(healthy, Posture.LEGS_RAISED, 45.0)["foot"]
        > heights(healthy, Posture.LEGS_RAISED, 20.0)["foot"]
    )


def test_tilt_90_equals_standing(healthy: ParameterValues) -> None:
    tilt = heights(healthy, Posture.TILT, 90.0)
    stand = heights(healthy, Posture.STANDING)
    for name in stand:
        assert tilt[name] == pytest.approx(stand[name], abs=1e-9)
    assert upright_fraction(inclinations(Posture.TILT, 90.0)[0]) == pytest.approx(1.0)


def test_tilt_0_equals_supine(healthy: ParameterValues) -> None:
    tilt = heights(healthy, Posture.TILT, 0.0)
    supine = heights(healthy, Posture.SUPINE)
    for name in supine:
        assert tilt[name] == pytest.approx(supine[name], abs=1e-12)


def test_tilt_column_scales_with_sine(healthy: ParameterValues) -> None:
    stand = heights(healthy, Posture.STANDING)
    tilt = heights(healthy, Posture.TILT, 30.0)
    depth = healthy["heart_depth_supine_cm"] * math.cos(math.radians(30.0))
    for name in stand:
        assert tilt[name] == pytest.approx(-depth + 0.5 * stand[name], abs=1e-9)


def test_taller_person_longer_column(healthy: ParameterValues) -> None:
    tall = healthy.update({"body_height_cm": 200.0})
    assert heights(tall, Posture.STANDING)["foot"] < heights(healthy, Posture.STANDING)["foot"]


def test_upright_fraction() -> None:
    assert upright_fraction(inclinations(Posture.STANDING)[0]) == pytest.approx(1.0)
    assert upright_fraction(inclinations(Posture.SUPINE)[0]) == 0.0
    assert upright_fraction(inclinations(Posture.LEGS_RAISED, 30.0)[0]) == 0.0
    assert upright_fraction(inclinations(Posture.SITTING)[0]) == pytest.approx(1.0)
