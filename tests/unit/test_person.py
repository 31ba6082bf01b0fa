"""The person model: validation, files, and what heel pain and shoes change."""

from __future__ import annotations

import pytest

from calfpump import ParameterValues
from calfpump import plantar_fasciitis as pf
from calfpump.errors import ParameterError
from calfpump.footwear import FOOTWEAR, footwear
from calfpump.person import HEALTHY_ANKLE_ROM_DEG, Person


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"heel_pain": 11}, r"person.heel_pain = 11: .*less than or equal to 10"),
        ({"cadence_spm": 400}, r"person.cadence_spm = 400"),
        ({"ankle_rom_deg": -5}, r"person.ankle_rom_deg = -5"),
        ({"footwear": "sandals"}, r"person.footwear = 'sandals'.*high-heel"),
        ({"calf_strength": "strong"}, r"person.calf_strength = 'strong'"),
        ({"colour": "red"}, r"no field 'colour'"),
    ],
)
def test_bad_fields_are_named(fields: dict, expected: str) -> None:
    with pytest.raises(ParameterError, match=expected):
        Person.create(**fields)


def test_person_file(tmp_path) -> None:
    good = tmp_path / "p.toml"
    good.write_text('heel_pain = 6\nfootwear = "high-heel"\nbody_height_cm = 160\n')
    person = Person.from_toml(good)
    assert (person.heel_pain, person.footwear, person.body_height_cm) == (6, "high-heel", 160)
    bad = tmp_path / "bad.toml"
    bad.write_text("heel_pain = [\n")
    with pytest.raises(ParameterError, match="not valid TOML"):
        Person.from_toml(bad)
    with pytest.raises(ParameterError, match="cannot read"):
        Person.from_toml(tmp_path / "missing.toml")
    wrong_units = tmp_path / "units.toml"
    wrong_units.write_text('body_height_cm = "175 cm"\n')
    with pytest.raises(ParameterError, match="body_height_cm"):
        Person.from_toml(wrong_units)


def test_default_person_leaves_the_preset_unchanged() -> None:
    healthy = ParameterValues.preset("healthy")
    mapped = Person.create().parameters(healthy)
    assert all(mapped[k] == pytest.approx(healthy[k]) for k in healthy)


def test_pain_mappings_are_monotone_and_bounded() -> None:
    for effect in (pf.heel_loading_factor, pf.cadence_factor, pf.ankle_rom_factor, pf.daily_steps_factor):
        values = [effect(p) for p in range(11)]
        assert values[0] == 1.0 and values == sorted(values, reverse=True) and values[-1] > 0.5
    with pytest.raises(ParameterError, match="heel_pain"):
        pf.heel_loading_factor(12)


def test_pain_and_shoes_reach_the_parameters() -> None:
    healthy = ParameterValues.preset("healthy")
    pained = Person.create(heel_pain=6).parameters(healthy)
    assert pained["foot_pump_efficiency"] == pytest.approx(pf.heel_loading_factor(6))
    assert pained["ankle_rom_factor"] == pytest.approx(pf.ankle_rom_factor(6))
    heels = Person.create(footwear="high-heel").parameters(healthy)
    assert heels["ankle_rom_factor"] == pytest.approx(FOOTWEAR["high-heel"].ankle_rom)
    narrow = Person.create(ankle_rom_deg=HEALTHY_ANKLE_ROM_DEG / 2).parameters(healthy)
    assert narrow["ankle_rom_factor"] == pytest.approx(0.5)
    with pytest.raises(ParameterError, match="footwear"):
        footwear("clogs")


def test_person_files_that_are_not_toml_text(tmp_path) -> None:
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe bad")
    with pytest.raises(ParameterError, match="not UTF-8"):
        Person.from_toml(binary)
    with pytest.raises(ParameterError, match="must be a path"):
        Person.from_toml(3)  # type: ignore[arg-type]
    bom = tmp_path / "bom.toml"
    bom.write_bytes("\ufeffheel_pain = 2\n".encode())
    assert Person.from_toml(bom).heel_pain == 2
    clash = tmp_path / "cls.toml"
    clash.write_text("cls = 1\n")
    with pytest.raises(ParameterError, match="no field 'cls'"):
        Person.from_toml(clash)


@pytest.mark.parametrize("value", [True, "5", float("nan"), float("inf")])
def test_person_numbers_must_be_numbers(value: object) -> None:
    with pytest.raises(ParameterError, match="heel_pain"):
        Person.create(heel_pain=value)


def test_plantar_fasciitis_preset_is_a_painful_heel_on_healthy_veins() -> None:
    healthy = ParameterValues.preset("healthy")
    preset = ParameterValues.preset("plantar-fasciitis")
    person = Person.create(heel_pain=6).parameters(healthy)
    for key in ("foot_pump_efficiency", "ankle_rom_factor", "habitual_cadence_spm"):
        assert preset[key] == pytest.approx(person[key])
    half = ParameterValues.preset("plantar-fasciitis", severity=0.5)
    assert half["foot_pump_efficiency"] == pytest.approx(Person.create(heel_pain=3).parameters(healthy)["foot_pump_efficiency"])
    veins = [k for k in healthy if k.split(".")[0] in healthy.network.link_names or k.endswith("V0_mL")]
    assert all(preset[k] == healthy[k] for k in veins)
