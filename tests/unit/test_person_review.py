"""Review of the person's levers: each mapping, their combination, the bases they go on, the
walk by speed, the stockings, and the command line's person options against the Python API."""

from __future__ import annotations

import itertools

import pytest

from calfpump import ParameterValues, list_presets
from calfpump import plantar_fasciitis as pf
from calfpump.arch import ARCH_TYPES
from calfpump.footwear import FOOTWEAR
from calfpump.gait import CADENCE_MAX_SPM, CADENCE_MIN_SPM, cadence_for_speed
from calfpump.person import HEALTHY_ANKLE_ROM_DEG, THIGH_GARMENT_FRACTION, Person

#: What Person.parameters sets (with the thigh veins' garment for a thigh-high stocking).
MAPPED = {"body_height_cm", "calf_strength", "ankle_rom_factor", "ankle_rom_unloaded_factor",
          "foot_pump_efficiency", "habitual_cadence_spm", "step_length_fraction", "stocking_ankle_mmHg"}
THIGH = {"superficial_thigh.garment_fraction", "femoral.garment_fraction"}
VEIN_PRESETS = [name for name in list_presets() if name != "plantar-fasciitis"]


@pytest.fixture(scope="module")
def healthy() -> ParameterValues:
    return ParameterValues.preset("healthy")


def _preset(name: str, severity: float = 1.0) -> ParameterValues:
    return ParameterValues.preset(name) if name == "healthy" else ParameterValues.preset(name, severity)


# ---- 1. each mapping: the documented numbers, and the defaults change nothing ----

def test_each_mapping_gives_its_documented_factor(healthy: ParameterValues) -> None:
    """Docstrings of plantar_fasciitis.py, footwear.py and arch.py, one lever at a time."""
    at10 = {pf.heel_loading_factor: 0.7, pf.cadence_factor: 0.9, pf.step_length_factor: 0.9,
            pf.ankle_rom_factor: 0.85, pf.daily_steps_factor: 0.8}
    for effect, value in at10.items():
        assert effect(0.0) == 1.0 and effect(10.0) == pytest.approx(value)
    p = Person(heel_pain=10).parameters(healthy)
    assert p["foot_pump_efficiency"] == pytest.approx(0.7)
    assert p["ankle_rom_factor"] == pytest.approx(0.85)
    assert p["ankle_rom_unloaded_factor"] == 1.0  # the joint's own range: no heel pain, no shoe
    assert p["habitual_cadence_spm"] == pytest.approx(90.0)
    assert p["step_length_fraction"] == pytest.approx(0.37 * 0.9)
    assert Person(heel_pain=10, steps_per_day=10000).effective_steps_per_day == pytest.approx(8000.0)
    for name, shoe in FOOTWEAR.items():
        q = Person(footwear=name).parameters(healthy)
        assert (q["foot_pump_efficiency"], q["ankle_rom_factor"]) == pytest.approx((shoe.foot_pump, shoe.ankle_rom))
        assert q["ankle_rom_unloaded_factor"] == 1.0
    for name, arch in ARCH_TYPES.items():
        q = Person(arch_type=name).parameters(healthy)
        assert q["foot_pump_efficiency"] == pytest.approx(arch.foot_pump) and q["ankle_rom_factor"] == 1.0
    # units: degrees become a factor of the healthy 42.4 degrees; mmHg and steps/min go through as they are
    q = Person(ankle_rom_deg=21.2, stocking_mmHg=23, cadence_spm=112, body_height_cm=160).parameters(healthy)
    assert q["ankle_rom_factor"] == pytest.approx(0.5) == q["ankle_rom_unloaded_factor"]
    assert (q["stocking_ankle_mmHg"], q["habitual_cadence_spm"], q["body_height_cm"]) == (23, 112, 160)


@pytest.mark.parametrize("name", VEIN_PRESETS)
def test_a_default_person_changes_no_preset_of_veins(name: str) -> None:
    for severity in (0.0, 0.5, 1.0) if name != "healthy" else (1.0,):
        base = _preset(name, severity)
        mapped = Person().parameters(base)
        assert [k for k in base if mapped[k] != base[k]] == [], (name, severity)


# ---- 2. combinations: each factor once, in its physical range ----

def test_the_ankle_cap_is_the_joints_own_range_before_heel_pain_and_shoes(healthy: ParameterValues) -> None:
    """The model takes the joint's range at most 1.5 healthy ones (63.6 degrees): above it a
    wider ankle changes nothing barefoot, so it must change nothing in high heels or with heel
    pain either; the shoe and the pain scale the capped range by their whole factor."""
    cap = 1.5 * HEALTHY_ANKLE_ROM_DEG
    for shoe, pain in itertools.product(FOOTWEAR, (0.0, 6.0, 10.0)):
        wide, capped = (Person(ankle_rom_deg=deg, footwear=shoe, heel_pain=pain).parameters(healthy)
                        for deg in (80.0, cap))
        assert wide["ankle_rom_factor"] == pytest.approx(capped["ankle_rom_factor"]), (shoe, pain)
        assert wide["ankle_rom_factor"] == pytest.approx(
            1.5 * FOOTWEAR[shoe].ankle_rom * pf.ankle_rom_factor(pain)), (shoe, pain)


def test_walking_ankle_range_is_the_joints_own_times_pain_and_shoe(healthy: ParameterValues) -> None:
    """Over the whole grid: ankle_rom_factor = ankle_rom_unloaded_factor x pain factor x shoe factor,
    so never above the joint's own range; the foot pump is heel loading x pain x shoe x arch,
    never negative nor above the parameter's range (each factor applied once)."""
    grid = itertools.product((1e-6, 24.5, 42.4, 60.0, 70.0, 80.0), (0.0, 3.0, 10.0), tuple(FOOTWEAR),
                             tuple(ARCH_TYPES), (0.0, 1.0, 1.5))
    for deg, pain, shoe, arch, load in grid:
        who = Person(ankle_rom_deg=deg, heel_pain=pain, footwear=shoe, arch_type=arch, heel_loading=load)
        p = who.parameters(healthy)
        walking = p["ankle_rom_unloaded_factor"] * pf.ankle_rom_factor(pain) * FOOTWEAR[shoe].ankle_rom
        assert p["ankle_rom_factor"] == pytest.approx(walking, rel=1e-12)
        assert 0.0 < p["ankle_rom_factor"] <= p["ankle_rom_unloaded_factor"] <= 1.5
        foot = load * pf.heel_loading_factor(pain) * FOOTWEAR[shoe].foot_pump * ARCH_TYPES[arch].foot_pump
        assert p["foot_pump_efficiency"] == pytest.approx(foot, rel=1e-12, abs=0.0)
        assert 0.0 <= p["foot_pump_efficiency"] <= 1.5 * 1.1


# ---- 3. bases that are not healthy ----

@pytest.mark.parametrize("name", VEIN_PRESETS)
def test_a_person_on_diseased_veins_sets_only_the_persons_values(name: str, healthy: ParameterValues) -> None:
    base = _preset(name)
    who = Person(heel_pain=7, footwear="high-heel", arch_type="flat", ankle_rom_deg=30, calf_strength=0.7,
                 cadence_spm=110, body_height_cm=165, stocking_mmHg=30, stocking_length="thigh")
    on_disease, on_healthy = who.parameters(base), who.parameters(healthy)
    changed = {k for k in base if on_disease[k] != base[k]}
    assert changed <= MAPPED | THIGH, changed - MAPPED - THIGH
    for key in MAPPED | THIGH:  # the person's values do not depend on the veins under them
        assert on_disease[key] == on_healthy[key], key


# ---- 4. walking by speed ----

def test_cadence_times_step_length_is_the_speed_for_every_person(healthy: ParameterValues) -> None:
    """cadence x step length / 60 = speed, with step length = step_length_fraction x height x
    cadence / 100 (the walk ratio), wherever the cadence is inside its 30-200 steps/min."""
    people = itertools.product((120.0, 175.0, 220.0), (0.2, 0.37, 0.6), (0.0, 6.0, 10.0))
    for height, fraction, pain in people:
        p = Person(body_height_cm=height, step_length_fraction=fraction, heel_pain=pain).parameters(healthy)
        step100 = p["step_length_fraction"] * p["body_height_cm"] / 100.0
        for kmh in (0.5, 2.0, 3.0, 5.0, 8.0):
            cadence = cadence_for_speed(kmh / 3.6, step100)
            step = step100 * cadence / 100.0
            if CADENCE_MIN_SPM < cadence < CADENCE_MAX_SPM:
                assert step * cadence / 60.0 == pytest.approx(kmh / 3.6, rel=1e-12)


def test_heel_pain_walks_a_speed_with_more_shorter_steps(healthy: ParameterValues) -> None:
    bare, pained = (Person(heel_pain=h).parameters(healthy) for h in (0.0, 6.0))
    steps100 = [p["step_length_fraction"] * p["body_height_cm"] / 100.0 for p in (bare, pained)]
    assert steps100[0] == pytest.approx(0.37 * 1.75) and steps100[1] == pytest.approx(0.37 * 0.94 * 1.75)
    c0, c6 = (cadence_for_speed(3 / 3.6, s) for s in steps100)
    assert c6 > c0 and 3 / 3.6 * 60 / c6 < 3 / 3.6 * 60 / c0
    assert (round(c0, 1), round(c6, 1)) == (87.9, 90.6)  # docs/levers.md, 'Walking by speed'


# ---- 5. stockings ----

def test_stocking_lengths_set_the_documented_garment(healthy: ParameterValues) -> None:
    """docs/levers.md: the ankle pressure; the calf 0.7 of it, the popliteal vein 0.4 (knee-high);
    a thigh-high garment adds the thigh veins (0.3, person.py), never the iliac vein."""
    for length in ("knee", "thigh"):
        p = Person(stocking_mmHg=30, stocking_length=length).parameters(healthy)
        fractions = {k.split(".")[0]: p[k] for k in p if k.endswith("garment_fraction")}
        thigh = THIGH_GARMENT_FRACTION if length == "thigh" else 0.0
        assert fractions == {"foot": 1.0, "ankle": 1.0, "deep_calf": 0.7, "superficial_calf": 0.7,
                             "popliteal": 0.4, "superficial_thigh": thigh, "femoral": thigh, "iliac": 0.0}
        assert p["stocking_ankle_mmHg"] == 30.0


# ---- the command line's person options ----

def test_command_line_person_is_the_file_then_the_overrides(tmp_path, healthy: ParameterValues) -> None:
    """``--person FILE`` then ``--heel-pain`` and the rest: an option given wins over the file,
    one not given leaves the file's value; the parameters are the Python API's."""
    from calfpump.cli import _parameters, _person_from

    path = tmp_path / "me.toml"
    path.write_text('heel_pain = 6\nfootwear = "high-heel"\nankle_rom_deg = 30\nstocking_mmHg = 20\n'
                    'stocking_length = "thigh"\nbody_height_cm = 160\n')
    options = {"file": path, "heel_pain": 2.0, "footwear": None, "ankle_rom_deg": None,
               "calf_strength": 0.8, "stocking_mmHg": 35.0, "arch_type": "flat"}
    who = _person_from(options)
    expected = Person(heel_pain=2, footwear="high-heel", ankle_rom_deg=30, stocking_mmHg=35,
                      stocking_length="thigh", body_height_cm=160, calf_strength=0.8, arch_type="flat")
    assert who == expected
    for name in ("healthy", "deep-reflux"):
        cli = _parameters(name, 1.0, options)
        api = expected.parameters(ParameterValues.preset(name))
        assert all(cli[k] == api[k] for k in api)
    assert _person_from({"file": None, **{k: None for k in options if k != "file"}}) == Person()


def test_the_command_line_sets_a_thigh_high_stocking_too() -> None:
    """Every person field a one-shot command can change from the file: the stocking's length as
    well as its pressure (``Person.stocking_length``; the programme's 'stockings 35 mmHg
    thigh-high' has it), so a thigh-high garment needs no person file."""
    import typer.main
    from typer.testing import CliRunner

    from calfpump.cli import _person_from, app

    group = typer.main.get_command(app)
    for name in ("run", "avp", "apg", "reflux", "day", "report", "programme"):
        command = group.commands[name]  # type: ignore[attr-defined]
        assert "--stocking-length" in {opt for param in command.params for opt in param.opts}, name
    assert _person_from({"file": None, "stocking_mmHg": 30.0, "stocking_length": "thigh"}) == Person(
        stocking_mmHg=30, stocking_length="thigh")
    res = CliRunner().invoke(app, ["run", "Stand for 10 seconds", "--stocking-length", "hip"])
    assert res.exit_code == 2 and "stocking_length" in res.stderr and "thigh" in res.stderr
