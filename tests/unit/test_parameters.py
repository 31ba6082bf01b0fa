"""Unit tests for calfpump.parameters: specs, presets and validated updates."""

from __future__ import annotations

import math
import tomllib
from importlib import resources

import pytest

from calfpump.errors import CalfpumpError, ParameterError, PresetError
from calfpump.network import LEG
from calfpump.parameters import (
    GLOBAL_SPECS,
    LINK_SPECS,
    NODE_SPECS,
    VALVE_SPECS,
    ParameterValues,
    list_presets,
    parameter_specs,
    preset_description,
)


def _range_text(name: str) -> str:
    spec = parameter_specs()[name]
    return f"{spec.low:g} to {spec.high:g}"


def _preset_toml(name: str) -> dict:
    path = resources.files("calfpump") / "data" / "presets" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- presets


def test_list_presets_starts_with_healthy() -> None:
    names = list_presets()
    assert names[0] == "healthy"
    assert len(names) == len(set(names))


def test_healthy_has_every_spec(healthy: ParameterValues) -> None:
    specs = parameter_specs(LEG)
    assert set(healthy) == set(specs)
    assert len(healthy) == len(specs)
    assert healthy.name == "healthy"
    assert healthy.network is LEG


def test_healthy_toml_lists_exactly_the_specs() -> None:
    data = _preset_toml("healthy")
    assert "base" not in data
    assert set(data["values"]) == set(parameter_specs(LEG))


@pytest.mark.parametrize("preset", list_presets())
def test_every_preset_value_in_range(preset: str) -> None:
    p = ParameterValues.preset(preset)
    specs = parameter_specs(p.network)
    for name, value in p.items():
        spec = specs[name]
        assert math.isfinite(value), name
        assert spec.low <= value <= spec.high, f"{name} = {value} outside {spec.low}..{spec.high}"


@pytest.mark.parametrize("preset", list_presets())
def test_every_preset_entry_has_a_source(preset: str) -> None:
    data = _preset_toml(preset)
    assert data.get("description", "").strip()
    for key, entry in data["values"].items():
        assert isinstance(entry, dict), key
        assert set(entry) == {"value", "source"}, key
        assert isinstance(entry["source"], str) and entry["source"].strip(), f"{key} has no source"
        assert isinstance(entry["value"], (int, float)) and not isinstance(entry["value"], bool), (
            key
        )


def test_sources_are_kept(healthy: ParameterValues) -> None:
    data = _preset_toml("healthy")["values"]
    for key in healthy:
        assert healthy.source(key) == data[key]["source"]
    rows = healthy.table()
    assert len(rows) == len(healthy)
    for name, value, unit, source in rows:
        assert value == healthy[name]
        assert unit == parameter_specs()[name].unit
        assert source


def test_doc_values(healthy: ParameterValues) -> None:
    assert healthy["calf_pump_peak_mmHg"] == 181.0
    assert healthy["calf_strength"] == 1.0
    assert preset_description("healthy").strip()


def test_unknown_preset_lists_the_presets() -> None:
    with pytest.raises(PresetError) as info:
        ParameterValues.preset("no_such_leg")
    msg = str(info.value)
    assert "no_such_leg" in msg
    assert "healthy" in msg
    for name in list_presets():
        assert name in msg
    # a PresetError is also a ParameterError, a KeyError and a CalfpumpError
    assert isinstance(info.value, ParameterError)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, CalfpumpError)


def test_unknown_preset_description() -> None:
    with pytest.raises(PresetError, match="healthy"):
        preset_description("no_such_leg")


# ---------------------------------------------------------------- update


BAD_VALUES = [
    pytest.param("calf_strength", math.nan, id="nan"),
    pytest.param("calf_strength", math.inf, id="inf"),
    pytest.param("calf_strength", -math.inf, id="-inf"),
    pytest.param("calf_strength", 2.5, id="above"),
    pytest.param("calf_strength", -0.1, id="below"),
    pytest.param("body_height_cm", 50.0, id="height-below"),
    pytest.param("deep_calf.V0_mL", 0.0, id="node-below"),
    pytest.param("popliteal_valve.incompetence", 1.5, id="valve-above"),
    pytest.param("caval_outflow.resistance_mmHg_s_mL", 0.0, id="link-below"),
    pytest.param("calf_strength", True, id="bool-true"),
    pytest.param("popliteal_valve.incompetence", False, id="bool-false"),
    pytest.param("calf_strength", "strong", id="string"),
    pytest.param("calf_strength", "", id="empty-string"),
    pytest.param("calf_strength", None, id="none"),
    pytest.param("calf_strength", [1.0], id="list"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_update_refuses_bad_values(healthy: ParameterValues, name: str, value: object) -> None:
    with pytest.raises(ParameterError) as info:
        healthy.update({name: value})
    msg = str(info.value)
    assert repr(name) in msg
    assert _range_text(name) in msg


def test_update_refuses_numeric_strings(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="calf_strength"):
        healthy.update({"calf_strength": "0.8"})


def test_update_refuses_unknown_name(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="no_such_parameter"):
        healthy.update({"no_such_parameter": 1.0})
    # a valve key on a link without a valve is unknown as well
    with pytest.raises(ParameterError, match="caval_outflow.incompetence"):
        healthy.update({"caval_outflow.incompetence": 0.1})


def test_update_accepts_the_range_ends(healthy: ParameterValues) -> None:
    spec = GLOBAL_SPECS["calf_strength"]
    assert healthy.update({"calf_strength": spec.low})["calf_strength"] == spec.low
    assert healthy.update({"calf_strength": spec.high})["calf_strength"] == spec.high
    assert healthy.update({"calf_strength": 1})["calf_strength"] == 1.0


def test_update_returns_a_new_object(healthy: ParameterValues) -> None:
    before = dict(healthy)
    q = healthy.update({"calf_strength": 0.8, "popliteal_valve.incompetence": 0.3}, source="test")
    assert q is not healthy
    assert isinstance(q, ParameterValues)
    assert q["calf_strength"] == 0.8
    assert q["popliteal_valve.incompetence"] == 0.3
    assert q.source("calf_strength") == "test"
    assert q.name == healthy.name
    assert healthy.update({"calf_strength": 0.8}, name="weak").name == "weak"
    # the original is unchanged, values and sources
    assert dict(healthy) == before
    assert healthy["calf_strength"] == 1.0
    assert healthy.source("calf_strength") != "test"


def test_failed_update_leaves_the_original_unchanged(healthy: ParameterValues) -> None:
    before = dict(healthy)
    with pytest.raises(ParameterError):
        healthy.update({"calf_strength": 0.5, "calf_pump_peak_mmHg": -1.0})
    assert dict(healthy) == before


def test_getitem_unknown_name(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="nope"):
        healthy["nope"]
    with pytest.raises(ParameterError, match="nope"):
        healthy.source("nope")


def test_constructor_refuses_incomplete_and_unknown(healthy: ParameterValues) -> None:
    values = dict(healthy)
    del values["calf_strength"]
    with pytest.raises(ParameterError, match="calf_strength"):
        ParameterValues(values)
    with pytest.raises(ParameterError, match="bogus"):
        ParameterValues({**dict(healthy), "bogus": 1.0})


# ---------------------------------------------------------------- parameter_specs


def test_parameter_specs_cover_the_network() -> None:
    specs = parameter_specs(LEG)
    for name in GLOBAL_SPECS:
        assert name in specs
    for node in LEG.nodes:
        for key in NODE_SPECS:
            assert f"{node.name}.{key}" in specs
    for link in LEG.links:
        for key in LINK_SPECS:
            assert f"{link.name}.{key}" in specs
        for key in VALVE_SPECS:
            assert (f"{link.name}.{key}" in specs) == link.valved
    expected = (
        len(GLOBAL_SPECS)
        + len(LEG.nodes) * len(NODE_SPECS)
        + len(LEG.links) * len(LINK_SPECS)
        + len(LEG.valves) * len(VALVE_SPECS)
    )
    assert len(specs) == expected


def test_every_spec_is_well_formed() -> None:
    for name, spec in parameter_specs(LEG).items():
        assert math.isfinite(spec.low) and math.isfinite(spec.high), name
        assert spec.low < spec.high, name
        assert spec.description.strip(), name


def test_preset_severity_interpolates_from_the_base() -> None:
    from calfpump.errors import ParameterError as PE

    healthy = ParameterValues.preset("healthy")
    full = ParameterValues.preset("deep-reflux")
    half = ParameterValues.preset("deep-reflux", severity=0.5)
    zero = ParameterValues.preset("deep-reflux", severity=0.0)
    key = "popliteal_valve.incompetence"
    assert half[key] == pytest.approx(0.5 * (healthy[key] + full[key]))
    assert all(zero[k] == pytest.approx(healthy[k]) for k in healthy)
    assert "severity 0.5" in half.name
    for bad in (-0.1, 1.5, float("nan"), True, "high"):
        with pytest.raises(PE, match="severity"):
            ParameterValues.preset("deep-reflux", severity=bad)  # type: ignore[arg-type]
    with pytest.raises(PE, match="no base preset"):
        ParameterValues.preset("healthy", severity=0.5)
