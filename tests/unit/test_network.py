"""Unit tests for calfpump.network: the venous network as data, and extending it."""

from __future__ import annotations

import numpy as np
import pytest

import calfpump
from calfpump.errors import ParameterError
from calfpump.network import LEG, PUMPS, RIGHT_ATRIUM, SEGMENTS, Link, Network, Node
from calfpump.parameters import NODE_SPECS, ParameterValues, parameter_specs

A = Node("a", "test node a", "shank", 0.1)
B = Node("b", "test node b", "thigh", 0.4)


def _net(nodes=(A, B), links=None, lymph_target="b") -> Network:
    if links is None:
        links = (Link("ab", "a", "b", valved=True), Link("out", "b", RIGHT_ATRIUM))
    return Network(nodes=tuple(nodes), links=tuple(links), lymph_target=lymph_target, name="test")


# ---------------------------------------------------------------- the default leg


def test_leg_is_valid() -> None:
    rebuilt = Network(nodes=LEG.nodes, links=LEG.links, lymph_target=LEG.lymph_target, name="copy")
    assert rebuilt.node_names == LEG.node_names
    assert LEG.node_names[:3] == ("foot", "ankle", "deep_calf")
    assert len(set(LEG.node_names)) == len(LEG.nodes)
    assert len(set(LEG.link_names)) == len(LEG.links)
    assert any(lk.down == RIGHT_ATRIUM for lk in LEG.links)
    assert LEG.lymph_target in LEG.node_names
    for node in LEG.nodes:
        assert node.segment in SEGMENTS
        assert node.pump is None or node.pump in PUMPS
        assert 0.0 <= node.height_fraction <= 1.0
    for lk in LEG.links:
        assert lk.up in LEG.node_names
        assert lk.down in LEG.node_names or lk.down == RIGHT_ATRIUM
        assert lk.up != lk.down
    # every pump squeezes at least one node
    assert {n.pump for n in LEG.nodes if n.pump} == set(PUMPS)


def test_leg_lookups() -> None:
    assert LEG.link("popliteal_valve").valved
    assert not LEG.link("caval_outflow").valved
    assert LEG.node("deep_calf").pump == "calf"
    assert LEG.node_index("foot") == 0
    assert LEG.valves == tuple(lk for lk in LEG.links if lk.valved)
    with pytest.raises(KeyError, match="nope"):
        LEG.node("nope")
    with pytest.raises(KeyError, match="nope"):
        LEG.link("nope")


def test_small_network_is_valid() -> None:
    net = _net()
    assert net.node_names == ("a", "b")
    assert net.link_names == ("ab", "out")
    assert [lk.name for lk in net.valves] == ["ab"]


# ---------------------------------------------------------------- invalid networks


def test_duplicate_node_names() -> None:
    with pytest.raises(ValueError, match="duplicate node"):
        _net(
            nodes=(A, Node("a", "again", "thigh", 0.4)),
            links=(Link("out", "a", RIGHT_ATRIUM),),
            lymph_target="a",
        )


def test_duplicate_link_names() -> None:
    with pytest.raises(ValueError, match="duplicate link"):
        _net(links=(Link("x", "a", "b"), Link("x", "b", RIGHT_ATRIUM)))


def test_node_and_link_share_a_name() -> None:
    with pytest.raises(ValueError, match="node and a link"):
        _net(links=(Link("a", "a", "b"), Link("out", "b", RIGHT_ATRIUM)))


def test_unknown_up_end() -> None:
    with pytest.raises(ValueError, match="up end 'zz'"):
        _net(links=(Link("ab", "zz", "b"), Link("out", "b", RIGHT_ATRIUM)))


def test_unknown_down_end() -> None:
    with pytest.raises(ValueError, match="down end 'zz'"):
        _net(links=(Link("ab", "a", "zz"), Link("out", "b", RIGHT_ATRIUM)))


def test_right_atrium_is_not_an_up_end() -> None:
    with pytest.raises(ValueError, match="up end"):
        _net(links=(Link("back", RIGHT_ATRIUM, "a"), Link("out", "b", RIGHT_ATRIUM)))


def test_self_link() -> None:
    with pytest.raises(ValueError, match="itself"):
        _net(links=(Link("aa", "a", "a"), Link("out", "b", RIGHT_ATRIUM)))


def test_missing_right_atrium_drain() -> None:
    with pytest.raises(ValueError, match=RIGHT_ATRIUM):
        _net(links=(Link("ab", "a", "b"),))


def test_unknown_lymph_target() -> None:
    with pytest.raises(ValueError, match="lymph_target"):
        _net(lymph_target="zz")


def test_bad_segment() -> None:
    with pytest.raises(ValueError, match="segment 'arm'"):
        Node("x", "bad", "arm", 0.3)


def test_bad_pump() -> None:
    with pytest.raises(ValueError, match="pump 'hand'"):
        Node("x", "bad", "shank", 0.1, pump="hand")


@pytest.mark.parametrize("height", [-0.01, 1.01, 2.0])
def test_bad_height(height: float) -> None:
    with pytest.raises(ValueError, match="height_fraction"):
        Node("x", "bad", "shank", height)


def test_node_off_its_segment_is_refused_when_built(healthy: ParameterValues) -> None:
    # a "shank" node at hip height cannot be placed on the shank
    net = LEG.with_node(Node("misplaced", "off segment", "shank", 0.55)).with_link(
        Link("misplaced_out", "misplaced", "popliteal")
    )
    extra = {f"misplaced.{k}": healthy[f"superficial_calf.{k}"] for k in NODE_SPECS}
    extra["misplaced_out.resistance_mmHg_s_mL"] = 1.0
    params = healthy.with_network(net, extra)
    with pytest.raises(ParameterError, match="misplaced"):
        calfpump.simulate("Stand for 1 second", params, settle_s=1.0)


# ---------------------------------------------------------------- extending the network


def test_with_node_and_with_link_are_copies() -> None:
    net = LEG.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
    assert len(net.links) == len(LEG.links) + 1
    assert "thigh_perforator" not in LEG.link_names
    assert net.link("thigh_perforator").valved
    net2 = LEG.with_node(Node("extra", "extra node", "thigh", 0.3))
    assert len(net2.nodes) == len(LEG.nodes) + 1
    assert "extra" not in LEG.node_names
    assert net2.node_index("extra") == len(LEG.nodes)


def test_with_link_validates() -> None:
    with pytest.raises(ValueError, match="up end"):
        LEG.with_link(Link("bad", "nowhere", "femoral"))
    with pytest.raises(ValueError, match="duplicate link"):
        LEG.with_link(Link("popliteal_valve", "deep_calf", "popliteal"))


def test_with_network_needs_the_new_parameters(healthy: ParameterValues) -> None:
    net = LEG.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
    with pytest.raises(ParameterError, match="thigh_perforator"):
        healthy.with_network(net, {})


PERFORATOR = {
    "thigh_perforator.resistance_mmHg_s_mL": 2.0,
    "thigh_perforator.incompetence": 0.0,
    "thigh_perforator.open_rate": 10.0,
    "thigh_perforator.close_rate": 10.0,
}


def test_added_perforator_simulates(healthy: ParameterValues) -> None:
    net = LEG.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
    params = healthy.with_network(net, PERFORATOR, {k: "test" for k in PERFORATOR})
    assert set(params) == set(parameter_specs(net))
    assert params.source("thigh_perforator.resistance_mmHg_s_mL") == "test"
    sol = calfpump.simulate("Stand for 30 seconds", params)
    flow = sol.flow("thigh_perforator")
    assert flow.shape == sol.t.shape
    assert np.all(np.isfinite(flow))
    assert sol.units["thigh_perforator.flow"] == "mL/s"
    assert "thigh_perforator.opening" in sol
    # standing at rest, blood drains up the perforator into the femoral vein
    assert flow[-1] > 0.0
    balance = sol.blood_volume_balance()
    assert np.max(np.abs(balance - balance[0])) <= 1e-9 * abs(balance[0])
    # the extra path shares the saphenous return with the saphenofemoral junction
    base = calfpump.simulate("Stand for 30 seconds", healthy)
    assert sol.flow("saphenofemoral_valve")[-1] < base.flow("saphenofemoral_valve")[-1]


def test_added_node_simulates(healthy: ParameterValues) -> None:
    net = LEG.with_node(Node("knee_plexus", "genicular veins", "thigh", 0.30)).with_link(
        Link("knee_plexus_valve", "knee_plexus", "popliteal", valved=True)
    )
    extra: dict[str, float] = {f"knee_plexus.{k}": healthy[f"popliteal.{k}"] for k in NODE_SPECS}
    extra["knee_plexus.inflow_mL_min"] = 5.0
    extra.update(
        {
            "knee_plexus_valve.resistance_mmHg_s_mL": 1.0,
            "knee_plexus_valve.incompetence": 0.0,
            "knee_plexus_valve.open_rate": 10.0,
            "knee_plexus_valve.close_rate": 10.0,
        }
    )
    params = healthy.with_network(net, extra)
    sol = calfpump.simulate(
        ["Stand for 30 seconds", "Walk at 100 steps/min for 30 seconds"], params
    )
    assert np.all(sol.volume("knee_plexus") > 0.0)
    assert np.all(np.isfinite(sol.pressure("knee_plexus")))
    # the plexus drains its arterial inflow through its valve (mean over the walk)
    walking = sol.sample_step == 1
    assert np.mean(sol.flow("knee_plexus_valve")[walking]) > 0.0
    balance = sol.blood_volume_balance()
    assert np.max(np.abs(balance - balance[0])) <= 1e-9 * abs(balance[0])
