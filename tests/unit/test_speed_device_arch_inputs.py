"""Walks by speed, pneumatic compression device steps and the foot arch: inputs and errors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from calfpump.drive import build_drive
from calfpump.errors import ParameterError, ProtocolError
from calfpump.gait import CADENCE_MAX_SPM, CADENCE_MIN_SPM, cadence_for_speed
from calfpump.model import (
    D_ACT,
    D_DEVICE_INFLATE,
    D_DEVICE_TARGET,
    D_FREQ,
    D_PREV_SQUEEZE,
    D_SPEED,
    D_SQUEEZE,
    G_STEPLEN,
    SQUEEZE,
    WALK,
    build,
    device_cycle,
)
from calfpump.parameters import ParameterValues
from calfpump.person import Person
from calfpump.protocol import Activity, PneumaticCompression, Posture, Protocol, Walk, parse_step

# ---------------------------------------------------------------------------
# Walk by speed
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speed_kmh"),
    [
        ("Walk at 3 km/h for 10 minutes", 3.0),
        ("walk at 3 KM/H for 10 min", 3.0),
        ("Walk at 4.5 kmh for 10 minutes", 4.5),
        ("Walk at 5 kph for 10 minutes", 5.0),
        ("Walk at 3 km/hr for 10 minutes", 3.0),
        ("Walk at 0.5 m/s for 10 minutes", 1.8),
        ("Walk at 1.25 m/s for 10 minutes", 4.5),
    ],
)
def test_walk_by_speed_parses(text: str, speed_kmh: float) -> None:
    step = parse_step(text)
    assert step == Walk(600, speed_kmh=speed_kmh)
    assert isinstance(step, Walk) and step.cadence_spm is None and step.speed_kmh == speed_kmh
    assert step.activity is Activity.WALK and step.posture is Posture.STANDING
    assert parse_step(step.text) == step
    assert step.speed_m_s == pytest.approx(speed_kmh / 3.6)


def test_walk_api_is_unchanged_for_cadence_walks() -> None:
    assert repr(Walk(180, 100)) == "Walk(duration_s=180.0, cadence_spm=100.0)"
    assert repr(Walk(180)) == "Walk(duration_s=180.0, cadence_spm=None)"
    assert Walk(180, 100).speed_kmh is None and Walk(180, 100).speed_m_s is None
    assert repr(Walk(180, speed_kmh=3)) == "Walk(duration_s=180.0, cadence_spm=None, speed_kmh=3.0)"
    assert Walk(180, speed_kmh=3) != Walk(180)
    assert len({Walk(180, speed_kmh=3), Walk(180, speed_kmh=3.0)}) == 1


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Walk at 20 km/h for 10 minutes", "speed_kmh = 20"),
        ("Walk at 0 km/h for 10 minutes", "speed_kmh = 0"),
        ("Walk at -3 km/h for 10 minutes", "speed_kmh = -3"),
        ("Walk at 3 m/s for 10 minutes", "speed_kmh = 10.8"),
    ],
)
def test_bad_speed_quotes_the_step_and_range(text: str, field: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_step(text)
    message = str(info.value)
    assert repr(text) in message and field in message and "0.5 to 8 km/h" in message


@pytest.mark.parametrize("bad", [math.nan, math.inf, "3", True, 9.0, 0.1])
def test_typed_bad_speed(bad: object) -> None:
    with pytest.raises(ProtocolError, match="Walk.speed_kmh"):
        Walk(60, speed_kmh=bad)  # type: ignore[arg-type]


def test_cadence_and_speed_are_exclusive() -> None:
    with pytest.raises(ProtocolError, match="a cadence or a speed, not both"):
        Walk(60, 100, 3)


def test_cadence_for_speed_rises_with_speed_and_with_shorter_steps() -> None:
    speeds = np.linspace(0.2, 2.0, 10)
    cadences = [cadence_for_speed(v, 0.65) for v in speeds]
    assert all(b > a for a, b in itertools.pairwise(cadences))
    assert cadence_for_speed(1.0, 0.6) > cadence_for_speed(1.0, 0.7)
    # held within the Walk's cadence range; speed x step gives the speed back inside it
    assert cadence_for_speed(8 / 3.6, 0.2 * 1.2) == CADENCE_MAX_SPM
    assert cadence_for_speed(0.5 / 3.6, 0.6 * 2.2) == CADENCE_MIN_SPM
    c = cadence_for_speed(1.2, 0.65)
    assert (0.65 * c / 100) * c / 60 == pytest.approx(1.2)


def test_drive_carries_the_speed_not_a_cadence() -> None:
    table = build_drive(Protocol(["Stand for 1 minute", "Walk at 3.6 km/h for 1 minute"])).table
    assert int(table[2, D_ACT]) == WALK and table[2, D_FREQ] == 0.0
    assert table[2, D_SPEED] == pytest.approx(1.0)
    assert table[1, D_SPEED] == 0.0


def test_step_length_global_from_height_and_fraction(healthy: ParameterValues) -> None:
    glob = build(healthy).glob
    assert glob[G_STEPLEN] == pytest.approx(healthy["step_length_fraction"] * healthy["body_height_cm"] / 100)


def test_heel_pain_shortens_the_step(healthy: ParameterValues) -> None:
    fractions = [Person.create(heel_pain=p).parameters(healthy)["step_length_fraction"] for p in (0, 3, 6, 10)]
    assert fractions == sorted(fractions, reverse=True) and fractions[0] == pytest.approx(0.37)
    assert Person.create(heel_pain=6).parameters(healthy)["step_length_fraction"] == pytest.approx(
        ParameterValues.preset("plantar-fasciitis")["step_length_fraction"])


@pytest.mark.parametrize("bad", [0.1, 0.7, "0.4"])
def test_step_length_fraction_range(bad: object, healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="step_length_fraction"):
        Person.create(step_length_fraction=bad)
    if not isinstance(bad, str):
        with pytest.raises(ParameterError, match="step_length_fraction"):
            healthy.update({"step_length_fraction": bad})


# ---------------------------------------------------------------------------
# Pneumatic compression devices
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Foot pump device at 130 mmHg for 30 minutes", PneumaticCompression(1800, "foot", 130, 3, 20)),
        ("Calf compression device at 40 mmHg for 30 minutes", PneumaticCompression(1800, "calf", 40, 10, 60)),
        ("Foot pump device at 130 mmHg for 30 minutes every 20 s", PneumaticCompression(1800, "foot", 130)),
        ("foot pump at 130 mmHg for 30 min, 1 s every 20 s", PneumaticCompression(1800, "foot", 130, 1, 20)),
        ("Calf compression device at 45 mmHg for 1 hour, inflated 12 s every 60 s, sitting",
         PneumaticCompression(3600, "calf", 45, 12, 60, Posture.SITTING)),
        ("Calf compression device at 40 mmHg for 30 minutes while seated",
         PneumaticCompression(1800, "calf", 40, posture="sitting")),
        ("Calf cuff for 30 minutes lying down", PneumaticCompression(1800, "calf")),
        ("Foot pump device for 30 minutes, supine", PneumaticCompression(1800, "foot", posture=Posture.SUPINE)),
    ],
)
def test_device_steps_parse(text: str, expected: PneumaticCompression) -> None:
    step = parse_step(text)
    assert step == expected
    assert step.activity is Activity.PNEUMATIC
    assert parse_step(step.text) == step
    assert step.label == text


def test_device_defaults_by_target() -> None:
    foot, calf = PneumaticCompression(60, "foot"), PneumaticCompression(60)
    assert (foot.pressure_mmHg, foot.inflation_s, foot.period_s) == (130.0, 3.0, 20.0)
    assert (calf.target, calf.pressure_mmHg, calf.inflation_s, calf.period_s) == ("calf", 40.0, 10.0, 60.0)
    assert calf.posture is Posture.SUPINE
    assert PneumaticCompression(60, "FOOT") == foot


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Foot pump device at -5 mmHg for 30 minutes", "pressure_mmHg = -5 is outside the allowed range 10 to 250 mmHg"),
        ("Foot pump device at 0 mmHg for 30 minutes", "pressure_mmHg = 0"),
        ("Calf compression device at 400 mmHg for 30 minutes", "pressure_mmHg = 400"),
        ("Foot pump device at 130 mmHg for 30 minutes, 20 s every 20 s", "leaves the cuff no time deflated"),
        ("Foot pump device at 130 mmHg for 30 minutes, 3 s every 1000 s", "period_s = 1000"),
        ("Foot pump device at 130 mmHg for 30 minutes, 0 s every 20 s", "inflation_s = 0"),
        ("Foot pump device at 130 mmHg for 0 minutes", "duration_s = 0"),
    ],
)
def test_device_errors_quote_the_step(text: str, fragment: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_step(text)
    assert repr(text) in str(info.value) and fragment in str(info.value)


def test_device_typed_errors() -> None:
    with pytest.raises(ProtocolError, match="target = 'thigh'"):
        PneumaticCompression(60, "thigh")
    with pytest.raises(ProtocolError, match="target = 3"):
        PneumaticCompression(60, 3)  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="posture"):
        PneumaticCompression(60, "foot", posture=Posture.STANDING)
    with pytest.raises(ProtocolError, match="posture"):
        PneumaticCompression(60, "foot", posture="standing")  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="Could not understand"):
        parse_step("Thigh pump device at 40 mmHg for 30 minutes")


def test_device_drive_rows() -> None:
    table = build_drive(Protocol([
        "Lie for 1 minute", "Foot pump device at 130 mmHg for 2 minutes", "Squeeze calf at 100 mmHg for 3 s",
        "Calf compression device at 40 mmHg for 2 minutes, 10 s every 60 s, sitting",
    ])).table
    foot, squeeze, calf = table[2], table[3], table[4]
    assert int(foot[D_ACT]) == SQUEEZE and foot[D_FREQ] == pytest.approx(1 / 20)
    assert (foot[D_SQUEEZE], foot[D_DEVICE_TARGET], foot[D_DEVICE_INFLATE]) == (130.0, 1.0, 3.0)
    assert (calf[D_SQUEEZE], calf[D_DEVICE_TARGET], calf[D_DEVICE_INFLATE]) == (40.0, 0.0, 10.0)
    # a held squeeze after a device starts from nothing (the cuff cycles down to 0)
    assert squeeze[D_FREQ] == 0.0 and squeeze[D_PREV_SQUEEZE] == 0.0


def test_device_cycle_shape() -> None:
    tau = np.linspace(0.0, 40.0, 4001)
    p = np.array([device_cycle(x, 20.0, 3.0) for x in tau])
    assert p.min() == 0.0 and p.max() == 1.0
    assert np.all(p[(tau % 20 >= 0.5) & (tau % 20 <= 3.0)] == 1.0)
    assert np.all(p[(tau % 20 >= 3.5)] == 0.0)
    assert np.all(np.abs(np.diff(p)) < 0.05)  # smooth rise and fall


# ---------------------------------------------------------------------------
# Arch type
# ---------------------------------------------------------------------------


def test_arch_type_lowers_the_foot_pump(healthy: ParameterValues) -> None:
    eff = {a: Person.create(arch_type=a).parameters(healthy)["foot_pump_efficiency"] for a in ("normal", "flat", "high")}
    assert eff["flat"] < eff["high"] < eff["normal"] == 1.0
    both = Person.create(arch_type="flat", heel_pain=6).parameters(healthy)["foot_pump_efficiency"]
    assert both == pytest.approx(0.9 * 0.82)


@pytest.mark.parametrize("bad", ["fallen", "Flat", "", 3, None])
def test_unknown_arch_type_is_a_clear_error(bad: object) -> None:
    with pytest.raises(ParameterError) as info:
        Person.create(arch_type=bad)
    assert "arch_type" in str(info.value)
    assert "'normal'" in str(info.value) and "'flat'" in str(info.value) and "'high'" in str(info.value)


def test_arch_type_in_a_person_file(tmp_path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('body_height_cm = 168\narch_type = "high"\n', encoding="utf-8")
    assert Person.from_toml(path).arch_type == "high"
    path.write_text('arch_type = "fallen"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="arch_type"):
        Person.from_toml(path)
    path.write_text('arch_shape = "flat"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="no field 'arch_shape'"):
        Person.from_toml(path)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def test_cli_arch_type_and_new_steps() -> None:
    import json

    from typer.testing import CliRunner

    from calfpump.cli import app

    runner = CliRunner()
    steps = ["Walk at 3 km/h for 20 seconds", "Foot pump device at 130 mmHg for 30 seconds, 3 s every 20 s, sitting"]
    res = runner.invoke(app, ["run", *steps, "--arch-type", "flat", "--json"])
    assert res.exit_code == 0, res.output
    assert [row["step"] for row in json.loads(res.stdout)["steps"]] == steps
    res = runner.invoke(app, ["run", "Stand for 10 seconds", "--arch-type", "fallen"])
    assert res.exit_code == 2 and "arch_type" in res.stderr and "Traceback" not in res.output
    res = runner.invoke(app, ["run", "Walk at 30 km/h for 1 minute"])
    assert res.exit_code == 2 and "speed_kmh = 30" in res.stderr
    for command in ("run", "avp", "apg", "reflux", "day", "report", "programme"):
        assert "--arch-type" in runner.invoke(app, [command, "--help"]).output, command
