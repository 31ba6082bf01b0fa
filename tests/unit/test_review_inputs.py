"""Hostile input found in a second input-handling review (review1): each case is a clear
calfpump error naming the field, the value and what is allowed, never a traceback from
deep inside and never a silently changed value."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from calfpump.cli import app
from calfpump.errors import ParameterError, PresetError, ProtocolError
from calfpump.parameters import ParameterValues, preset_description
from calfpump.person import Person, check_veins_only
from calfpump.programme import Programme, parse_block, simulate_programme
from calfpump.protocol import PneumaticCompression, Posture, Protocol, parse_step, parse_steps
from calfpump.reflux import duplex_reflux

runner = CliRunner()

HUGE = "9" * 400  # float() of it is inf


# ---- programme lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [f"orthotics from day {HUGE}", f"calf exercise 3/week for {HUGE} weeks",
     f"stockings 20 mmHg until month {HUGE}", "orthotics from week 99999999999999999999"],
    ids=["from day", "for weeks", "until month", "from week 1e20"],
)
def test_a_huge_day_count_in_a_programme_line_is_a_parameter_error(line: str) -> None:
    with pytest.raises(ParameterError, match=r"Invalid programme line .* more than 3650 days"):
        parse_block(line)


@pytest.mark.parametrize("line", ["orthotics from day 2.5", "calf exercise 3/week for 1.5 days",
                                  "stretch calves 7/week until day 10.5"])
def test_a_fractional_day_count_is_refused_not_rounded(line: str) -> None:
    with pytest.raises(ParameterError, match=r"Invalid programme line .* not a whole number of days"):
        parse_block(line)


def test_weeks_and_months_still_round_to_whole_days() -> None:
    assert parse_block("orthotics from day 14").start_day == 14
    assert parse_block("calf exercise 3/week for 6 months").stop_day == 183
    assert parse_block("orthotics from week 0.5").start_day == 4


def test_the_programme_command_reports_a_huge_day_count_as_an_error() -> None:
    res = runner.invoke(app, ["programme", f"orthotics from day {HUGE}", "--days", "10", "--json"])
    assert res.exit_code == 2, res.output
    assert "more than 3650 days" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"kind": "calf-exercise"}, "sessions_per_week is missing; allowed: 0 to 14 sessions/week"),
        ({"kind": "calf-exercise", "sessions_per_week": float("inf")},
         "sessions_per_week = inf: Input should be a finite number; allowed: 0 to 14 sessions/week"),
        ({"kind": "calf-stretch", "sessions_per_week": 3, "start_day": True},
         "start_day = True: must be a number, not bool; allowed: 0 to 3650 days"),
        ({"kind": "stockings", "stocking_mmHg": float("nan")}, "stocking_mmHg = nan: .*allowed: 0 to 60 mmHg"),
    ],
    ids=["missing", "inf", "bool", "nan"],
)
def test_a_bad_programme_block_says_what_is_allowed(block: dict, expected: str) -> None:
    with pytest.raises(ParameterError, match=expected) as info:
        Programme.create([block])
    assert "{'kind'" not in str(info.value)  # a missing field is not shown as the whole table


def test_a_programme_line_with_two_bad_fields_names_both_cleanly() -> None:
    with pytest.raises(ParameterError) as info:
        Programme.create(["stockings 80 mmHg for 0 days"])
    text = str(info.value)
    assert "stop_day = 0" in text and "stocking_mmHg = 80.0" in text and "; ." not in text


def test_a_programme_file_names_the_bad_block_by_its_place_among_the_blocks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "p.toml"
    f.write_text('lines = ["calf exercise 3/week", "stockings 20 mmHg"]\n'
                 '[[block]]\nkind = "shoes"\nfootwear = "orthotic"\n'
                 '[[block]]\nkind = "calf-stretch"\nsessions_per_week = 99\n', encoding="utf-8")
    with pytest.raises(ParameterError, match=r"p\.toml', \[\[block\]\] 2 \(calf-stretch\)\.sessions_per_week = 99"):
        Programme.from_toml(f)


# ---- presets ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [["healthy"], {"healthy": 1}, {"healthy"}], ids=["list", "dict", "set"])
def test_a_preset_name_that_is_not_text_is_a_preset_error(name: object) -> None:
    with pytest.raises(PresetError, match=r"unknown preset .*healthy.*; available presets: healthy"):
        ParameterValues.preset(name)  # type: ignore[arg-type]
    with pytest.raises(PresetError, match="unknown preset"):
        preset_description(name)  # type: ignore[arg-type]


# ---- protocol steps -----------------------------------------------------------------------


@pytest.mark.parametrize("target", [["foot"], {"foot": 1}, 5, None], ids=["list", "dict", "int", "None"])
def test_a_device_target_that_is_not_text_is_a_protocol_error(target: object) -> None:
    with pytest.raises(ProtocolError, match=r"PneumaticCompression\.target = .* is not one of 'foot', 'calf'"):
        PneumaticCompression(60, target)  # type: ignore[arg-type]


@pytest.mark.parametrize("items", [b"calf exercise 3/week", bytearray(b"orthotics")], ids=["bytes", "bytearray"])
def test_a_programme_of_bytes_is_refused_as_a_whole(items: object) -> None:
    with pytest.raises(ParameterError, match="a programme is text lines or blocks, not (bytes|bytearray)"):
        Programme.create(items)  # type: ignore[arg-type]


def test_a_progress_that_is_not_a_function_is_refused_before_any_work() -> None:
    with pytest.raises(ParameterError, match="progress = 5 must be a function"):
        simulate_programme(Person(), [], days=2, apg_every_days=2, progress=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["Lie for 5 \u017f", "Sit for 2 \u017feconds", "Stand for 5 m\u0130n", "Walk for 5 m\u0131n",
     "(Lie for 1 s, Sit for 5 m\u0131ns) x 2"],
    ids=["long s", "long s seconds", "dotted capital I", "dotless i", "in a block"],
)
def test_a_unit_that_matches_only_by_unicode_case_folding_is_a_protocol_error(text: str) -> None:
    # Python's case-insensitive matching takes 'ſ' for 's' and 'ı', 'İ' for 'i'; the unit
    # table does not (was a KeyError)
    with pytest.raises(ProtocolError, match=r"duration unit .* is not understood; allowed: seconds"):
        Protocol([text])


@pytest.mark.parametrize("posture", ["\u017fitting", "\u017feated", "ly\u0130ng", "\u017fupine"])
def test_a_device_posture_that_matches_only_by_unicode_case_folding_is_a_protocol_error(posture: str) -> None:
    with pytest.raises(ProtocolError, match=r"PneumaticCompression\.posture = .* is not allowed"):
        parse_step(f"Foot pump device at 130 mmHg for 30 minutes, 3 s every 20 s, {posture}")


def test_device_postures_in_plain_letters_still_parse() -> None:
    step = parse_step("Calf compression device at 40 mmHg for 30 minutes while SEATED")
    assert step.posture is Posture.SITTING
    assert parse_step("Foot pump for 1 min, 3 s every 20 s, Lying  Down").posture is Posture.SUPINE


# ---- a person on a preset that is itself a person ------------------------------------------
# The plantar-fasciitis preset is Person(heel_pain=6) on healthy veins; any person put on top
# of it (a person option, the programme's or the report's person) replaced its gait with a
# healthy adult's, so '--preset plantar-fasciitis --stocking-mmHg 20' silently ran a healthy heel.

PF_GAIT = r"--preset 'plantar-fasciitis' sets a person's gait \(.*foot_pump_efficiency"


@pytest.mark.parametrize(
    "args",
    [["apg", "--footwear", "athletic"], ["avp", "--stocking-mmHg", "0"], ["reflux", "--calf-strength", "1"],
     ["run", "Stand for 1 second", "--heel-pain", "2"], ["programme", "--days", "7"], ["report"]],
    ids=["apg", "avp", "reflux", "run", "programme", "report"],
)
def test_a_person_on_the_plantar_fasciitis_preset_is_refused(args: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    res = runner.invoke(app, [*args, "--preset", "plantar-fasciitis", "--json"] if args[0] != "report"
                        else [*args, "--preset", "plantar-fasciitis", "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert not out.exists()
    assert re.search(PF_GAIT, " ".join(res.output.split())), res.output
    assert "--preset healthy --heel-pain 6" in " ".join(res.output.split())


def test_the_plantar_fasciitis_preset_alone_or_at_severity_0_still_runs() -> None:
    alone = runner.invoke(app, ["apg", "--preset", "plantar-fasciitis", "--json"])
    as_person = runner.invoke(app, ["apg", "--preset", "healthy", "--heel-pain", "6", "--json"])
    assert alone.exit_code == as_person.exit_code == 0, alone.output + as_person.output
    assert json.loads(alone.stdout) == json.loads(as_person.stdout)
    res = runner.invoke(app, ["apg", "--preset", "plantar-fasciitis", "--severity", "0", "--heel-pain", "3", "--json"])
    assert res.exit_code == 0, res.output


def test_simulate_programme_refuses_a_base_with_a_gait_of_its_own() -> None:
    with pytest.raises(ParameterError, match=r"parameters 'plantar-fasciitis' sets a person's gait"):
        simulate_programme(Person(heel_pain=2), [], "plantar-fasciitis", days=3, apg_every_days=None)
    for veins in ("healthy", "deep-reflux", "combined-reflux"):
        check_veins_only(ParameterValues.preset(veins))


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("(Foot pump at 130 mmHg for 30 minutes, 30 s every 20 s) x 2",
         r"step 1: Invalid step .*inflation_s = 30 s leaves the cuff no time deflated"),
        ("(Sit for 5 min, Foot pump for 30 minutes, 3 s every 2000 s, lying) x 2",
         r"step 2: Invalid step .*period_s = 2000 is outside the allowed range 2 to 600 s"),
        ("(Calf compression device at 400 mmHg for 10 minutes, 10 s every 60 s, sitting) x 8",
         r"step 1: Invalid step .*pressure_mmHg = 400 is outside the allowed range 10 to 250 mmHg"),
    ],
    ids=["inflation over period", "period too long", "pressure too high"],
)
def test_a_device_step_in_a_block_reports_its_own_error(block: str, expected: str) -> None:
    # was: the step split at its commas and "Could not understand step '30 s every 20 s'"
    with pytest.raises(ProtocolError, match=expected) as info:
        parse_steps(block)
    assert "Could not understand" not in str(info.value)


def test_device_steps_in_blocks_still_split_from_their_neighbours() -> None:
    steps = parse_steps("(Foot pump for 30 min, Sit for 5 min, Calf compression device for 10 minutes, "
                        "10 s every 60 s, sitting) x 2")
    assert [type(s).__name__ for s in steps] == ["PneumaticCompression", "Sit", "PneumaticCompression"] * 2


# ---- output names -------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["run", "Stand for 1 second"], ["day", "Stand for 1 minute"],
                                     ["programme", "--days", "2", "--apg-every-days", "2"]],
                         ids=["run", "day", "programme"])
def test_a_parquet_name_that_is_not_utf8_is_refused_before_any_work(command: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a file name of bytes that are not UTF-8 reaches Python as '\udcff'; the Parquet writer
    # raised UnicodeEncodeError from deep inside after the whole run
    out = tmp_path / "\udcff.parquet"
    res = runner.invoke(app, [*command, "--out", str(out), "--json"])
    assert res.exit_code == 2, res.output
    assert "the name is not UTF-8 text" in " ".join(res.output.split())
    assert list(tmp_path.iterdir()) == []


# ---- clinical tests -----------------------------------------------------------------------


@pytest.mark.parametrize("pressure", [1000.0, 5, True, "100", float("nan")])
def test_the_reflux_squeeze_pressure_is_named_as_given(pressure: object) -> None:
    with pytest.raises(ParameterError, match=r"^squeeze_mmHg = .*: CalfSqueeze\.pressure_mmHg = .*10 to 300 mmHg"):
        duplex_reflux("healthy", squeeze_mmHg=pressure)  # type: ignore[arg-type]
