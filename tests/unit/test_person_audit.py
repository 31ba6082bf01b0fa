"""Audit of issue 3 (the person and what they do): compression stocking classes by name, and
protocol steps the issue names that belong elsewhere or cannot be done as written."""

from __future__ import annotations

import pytest

from calfpump.errors import ParameterError, ProtocolError
from calfpump.person import STOCKING_CLASSES, Person, stocking_class_mmHg
from calfpump.protocol import parse_step, parse_steps


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("15-20", 15, 20), ("20-30", 20, 30), ("30-40", 30, 40),
     ("RAL-I", 18, 21), ("RAL-II", 23, 32), ("RAL-III", 34, 46), ("RAL-IV", 49, 60)],
)
def test_each_stocking_class_sets_an_ankle_pressure_inside_its_range(name: str, low: float, high: float) -> None:
    person = Person(stocking_class=name)
    assert low <= person.stocking_mmHg <= high
    assert person.stocking_mmHg == stocking_class_mmHg(name)
    assert name in STOCKING_CLASSES


@pytest.mark.parametrize(("alias", "name"), [("RAL II", "RAL-II"), ("ral-ii", "RAL-II"), ("RAL 2", "RAL-II"),
                                             ("20-30 mmHg", "20-30"), ("US 30-40", "30-40"), (" ral-iv ", "RAL-IV")])
def test_stocking_classes_are_read_as_people_write_them(alias: str, name: str) -> None:
    assert stocking_class_mmHg(alias) == stocking_class_mmHg(name)


@pytest.mark.parametrize("bad", ["RAL V", "20-40", "class 2", "", 25, True, None, ["RAL-II"]])
def test_an_unknown_stocking_class_names_the_field_and_the_classes(bad: object) -> None:
    with pytest.raises(ParameterError, match=r"stocking_class .*15-20.*RAL-IV"):
        Person(stocking_class=bad)


def test_a_class_and_a_pressure_together_are_refused() -> None:
    with pytest.raises(ParameterError, match="stocking_class .*stocking_mmHg.*not both"):
        Person(stocking_class="RAL-II", stocking_mmHg=25)


def test_a_class_overrides_the_pressure_of_the_person_it_changes() -> None:
    worn = Person(stocking_mmHg=15, heel_pain=4).with_changes(stocking_class="30-40")
    assert worn.stocking_mmHg == stocking_class_mmHg("30-40") and worn.heel_pain == 4
    assert worn.with_changes(heel_pain=2).stocking_mmHg == worn.stocking_mmHg
    with pytest.raises(ParameterError, match="not both"):
        Person().with_changes(stocking_class="30-40", stocking_mmHg=20)


def test_the_unknown_field_error_lists_stocking_class() -> None:
    with pytest.raises(ParameterError, match="stocking_class"):
        Person(stocking_klass="RAL-II")


def test_a_person_file_takes_a_stocking_class(tmp_path) -> None:
    path = tmp_path / "me.toml"
    path.write_text('stocking_class = "RAL II"\nstocking_length = "thigh"\n', encoding="utf-8")
    person = Person.from_toml(path)
    assert person.stocking_mmHg == stocking_class_mmHg("RAL-II") and person.stocking_length == "thigh"


@pytest.mark.parametrize("text", ["Stretch calves for 5 minutes", "stretch calves 7/week for 6 weeks",
                                  "Calf stretch for 30 seconds"])
def test_stretching_as_a_step_points_to_the_programme(text: str) -> None:
    with pytest.raises(ProtocolError, match=r"Could not understand step .*programme.*stretch calves 7/week"):
        parse_step(text)
    with pytest.raises(ProtocolError, match="programme"):
        parse_steps(f"(Sit for 50 minutes, {text}) x 2")


def test_a_device_step_standing_says_the_device_is_for_lying_or_sitting() -> None:
    with pytest.raises(ProtocolError, match=r"Invalid step .*standing.*lying.*sitting"):
        parse_step("Foot pump device at 130 mmHg for 30 minutes, 3 s every 20 s, standing")
