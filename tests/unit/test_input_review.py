"""Unusual input found in an input-handling review: each case a clear calfpump error or a
correct result, never a traceback from deep inside, never a silent wrong value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import calfpump
from calfpump import ParameterValues, Person
from calfpump.errors import CalfpumpError, OutputError, ParameterError, check_number

HEALTHY = ParameterValues.preset("healthy")


# ---- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [10**400, -(10**400)], ids=["10**400", "-10**400"])
def test_a_huge_integer_parameter_is_out_of_range_not_an_overflow(value: int) -> None:
    with pytest.raises(ParameterError, match="calf_strength.*0 to 2"):
        HEALTHY.update({"calf_strength": value})


@pytest.mark.parametrize("value", [True, np.bool_(True), np.bool_(False)])
def test_truth_values_are_not_parameter_values(value: object) -> None:
    with pytest.raises(ParameterError, match="calf_strength"):
        HEALTHY.update({"calf_strength": value})


def test_numpy_numbers_are_parameter_values() -> None:
    assert HEALTHY.update({"calf_strength": np.float32(0.5)})["calf_strength"] == 0.5
    assert HEALTHY.update({"calf_strength": np.int64(1)})["calf_strength"] == 1.0


@pytest.mark.parametrize("severity", ["0.5", "1", b"1", np.bool_(False), True, 10**400],
                         ids=["str", "str1", "bytes", "np.False_", "True", "10**400"])
def test_severity_must_be_a_number(severity: object) -> None:
    with pytest.raises(ParameterError, match="severity"):
        ParameterValues.preset("deep-reflux", severity)  # type: ignore[arg-type]


def test_severity_accepts_numpy_numbers() -> None:
    half = ParameterValues.preset("deep-reflux", np.float32(0.5))  # type: ignore[arg-type]
    assert half["popliteal_valve.incompetence"] == ParameterValues.preset("deep-reflux", 0.5)[
        "popliteal_valve.incompetence"]


# ---- check_number (simulate's save_every_s and settle_s, the clinical tests' times) --------


@pytest.mark.parametrize("value", [np.float32(0.5), np.int64(2), np.float64(0.5)])
def test_check_number_takes_numpy_numbers(value: object) -> None:
    assert check_number("x", value, 0.0, 3.0, "s") == float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [np.bool_(True), True, 10**400, 10**5000],
                         ids=["np.True_", "True", "10**400", "10**5000"])
def test_check_number_refuses_truth_values_and_huge_integers(value: object) -> None:
    with pytest.raises(ParameterError, match="x = .*0 to 3 s"):
        check_number("x", value, 0.0, 3.0, "s")


def test_simulate_takes_a_numpy_sample_interval() -> None:
    sol = calfpump.simulate("Stand for 2 seconds", save_every_s=np.float32(0.5), settle_s=np.int64(5))
    assert sol.t.tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_sample_times_must_be_numbers_not_truth_values() -> None:
    with pytest.raises(ParameterError, match="save_at_s"):
        calfpump.simulate("Stand for 2 seconds", save_at_s=[True, False])


# ---- batches ------------------------------------------------------------------------------


@pytest.mark.parametrize("people", ["healthy", {"a": "healthy"}, HEALTHY, None, 5])
def test_batch_people_must_be_a_list(people: object) -> None:
    with pytest.raises(ParameterError, match="people must be a list"):
        calfpump.simulate_batch("Stand for 1 second", people)  # type: ignore[arg-type]


# ---- the person ---------------------------------------------------------------------------


def test_person_constructor_raises_a_calfpump_error() -> None:
    with pytest.raises(ParameterError, match=r"person.heel_pain = 11"):
        Person(heel_pain=11)


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"heel_pain": 11}, "allowed: 0 to 10"),
        ({"ankle_rom_deg": -5}, "allowed: greater than 0 and at most 80 deg"),
        ({"cadence_spm": 400}, "allowed: 30 to 200 steps/min"),
        ({"steps_per_day": -1}, "allowed: 0 to 60000"),
        ({"body_height_cm": float("nan")}, "allowed: 120 to 220 cm"),
        ({"calf_strength": "strong"}, "allowed: 0 to 2"),
    ],
)
def test_person_errors_give_the_allowed_range(fields: dict, allowed: str) -> None:
    with pytest.raises(ParameterError, match=allowed):
        Person.create(**fields)


@pytest.mark.parametrize("make", [lambda: Person.create(arch_type="Flat"),
                                  lambda: Person.create().with_changes(arch_type="Flat"),
                                  lambda: Person(arch_type="Flat")])
def test_person_errors_are_not_wrapped_twice(make) -> None:
    with pytest.raises(ParameterError) as info:
        make()
    assert str(info.value).startswith("person.arch_type = 'Flat': ")


@pytest.mark.parametrize("field", ["heel_pain", "steps_per_day", "calf_strength"])
def test_person_refuses_numpy_truth_values(field: str) -> None:
    with pytest.raises(ParameterError, match=f"person.{field}"):
        Person.create(**{field: np.bool_(True)})


# ---- output files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> calfpump.Solution:
    return calfpump.simulate("Stand for 1 second", settle_s=1.0, save_every_s=0.5)


@pytest.mark.parametrize("name", ["trace.csv", "trace.png", "trace.json"])
def test_parquet_to_another_format_name_is_refused(tmp_path: Path, tiny: calfpump.Solution, name: str) -> None:
    with pytest.raises(OutputError, match=r"\.parquet"):
        tiny.to_parquet(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["trace.parquet", "trace.PQ", "trace"])
def test_parquet_names_that_are_accepted(tmp_path: Path, tiny: calfpump.Solution, name: str) -> None:
    assert tiny.to_parquet(tmp_path / name).exists()


@pytest.mark.parametrize("name", ["fig.pdf", "fig.svg", "fig.jpg", "fig.parquet"])
def test_png_figure_to_another_format_name_is_refused(tmp_path: Path, tiny: calfpump.Solution, name: str) -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(OutputError, match=r"\.png"):
        tiny.plot(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_calfpump_errors_stay_value_errors() -> None:
    # callers that catch ValueError keep working
    assert issubclass(ParameterError, ValueError) and issubclass(ParameterError, CalfpumpError)


# ---- output paths that are odd --------------------------------------------------------------


@pytest.mark.parametrize("path", [None, 5, b"trace.parquet", "trace\0.parquet"], ids=["None", "int", "bytes", "nul"])
def test_an_output_path_of_the_wrong_kind_is_an_output_error(tiny: calfpump.Solution, path: object) -> None:
    with pytest.raises(OutputError):
        tiny.to_parquet(path)  # type: ignore[arg-type]


def test_a_file_name_too_long_is_an_output_error(tmp_path: Path, tiny: calfpump.Solution) -> None:
    with pytest.raises(OutputError, match="too long"):
        tiny.to_parquet(tmp_path / ("a" * 300 + ".parquet"))
    with pytest.raises(OutputError, match="too long"):
        tiny.plot(tmp_path / ("a" * 300 + ".png"))
    assert list(tmp_path.iterdir()) == []


def test_a_long_but_legal_file_name_is_written(tmp_path: Path, tiny: calfpump.Solution) -> None:
    name = "a" * 240 + ".parquet"  # 248 characters: the limit of most file systems is 255
    assert tiny.to_parquet(tmp_path / name).exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_pipe_or_device_is_not_replaced_by_a_file(tmp_path: Path, tiny: calfpump.Solution) -> None:
    import os
    import stat

    fifo = tmp_path / "pipe.parquet"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        tiny.to_parquet(fifo)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.parquet"]


def test_writing_through_a_link_keeps_the_link(tmp_path: Path, tiny: calfpump.Solution) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "runs").mkdir()
    real = tmp_path / "runs" / "monday.parquet"
    real.write_bytes(b"old")
    link = tmp_path / "latest.parquet"
    link.symlink_to(real)
    tiny.to_parquet(link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert pq.read_table(real).num_rows == tiny.t.size
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["monday.parquet"]


# ---- API misuse: the wrong kind of argument --------------------------------------------------


@pytest.mark.parametrize("values", [None, [1, 2], "healthy", 5], ids=["None", "list", "str", "int"])
def test_parameter_values_need_a_mapping(values: object) -> None:
    with pytest.raises(ParameterError, match="mapping of parameter names"):
        ParameterValues(values)  # type: ignore[arg-type]


def test_footwear_of_the_wrong_type_is_a_parameter_error() -> None:
    from calfpump.footwear import footwear

    with pytest.raises(ParameterError, match="footwear = \\['x'\\] is not one of"):
        footwear(["x"])  # type: ignore[arg-type]


def test_person_parameters_take_a_preset_name_or_values() -> None:
    person = Person(heel_pain=6)
    assert person.parameters("healthy") == person.parameters(HEALTHY)
    with pytest.raises(ParameterError, match="ParameterValues"):
        person.parameters(None)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="unknown preset"):
        person.parameters("healty")


def test_apg_every_days_must_be_whole() -> None:
    from calfpump.programme import checkpoint_days

    with pytest.raises(ParameterError, match="apg_every_days = 7.5"):
        checkpoint_days(28, 7.5)  # type: ignore[arg-type]
    assert checkpoint_days(28, np.int64(14)) == [0, 14, 28]  # type: ignore[arg-type]


# ---- typed protocol steps with integers too large for a float ---------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: calfpump.protocol.Stand(10**400), "Stand.duration_s"),
        (lambda: calfpump.protocol.Walk(60, 10**400), "Walk.cadence_spm"),
        (lambda: calfpump.protocol.Tiptoe(10**5000), "Tiptoe.count"),
        (lambda: calfpump.protocol.Tiptoe(10, -(10**400)), "Tiptoe.rate_hz"),
    ],
    ids=["Stand", "Walk", "Tiptoe", "Tiptoe-rate"],
)
def test_huge_integers_in_steps_are_out_of_range(make, field: str) -> None:
    from calfpump.errors import ProtocolError

    with pytest.raises(ProtocolError, match=f"{field} = an integer of .* digits is outside the allowed range"):
        make()


# ---- programme files: numbers must be numbers, as in a person file ----------------------------


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('sessions_per_week = true', "sessions_per_week"),
        ('sessions_per_week = "3"', "sessions_per_week"),
        ('sessions_per_week = 3\nstart_day = true', "start_day"),
        ('sessions_per_week = 3\nstop_day = "26"', "stop_day"),
    ],
)
def test_programme_file_numbers_must_be_numbers(tmp_path: Path, line: str, field: str) -> None:
    from calfpump.programme import Programme

    path = tmp_path / "plan.toml"
    path.write_text(f'[[block]]\nkind = "calf-exercise"\n{line}\n', encoding="utf-8")
    with pytest.raises(ParameterError, match=f"{field} = .*must be a number"):
        Programme.from_toml(path)


def test_programme_blocks_refuse_numpy_truth_values() -> None:
    from calfpump.programme import CalfExercise

    with pytest.raises(ValueError, match="sessions_per_week"):  # pydantic's ValidationError
        CalfExercise(sessions_per_week=np.bool_(True))
    assert CalfExercise(sessions_per_week=np.float64(3)).sessions_per_week == 3.0


def test_a_report_number_that_is_not_finite_is_an_error_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    from calfpump.errors import CalfpumpError
    from calfpump.report import Report

    monkeypatch.setattr(Report, "to_html", lambda self: "<html></html>")
    monkeypatch.setattr(Report, "numbers", lambda self: {"apg": {"ef_pct": float("nan")}})
    report = object.__new__(Report)
    with pytest.raises(CalfpumpError, match="not a finite number"):
        report.write(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


# ---- complex numbers and numpy time spans are not numbers of a parameter ----------------------


@pytest.mark.parametrize("value", [np.complex128(1 + 1j), np.complex64(1), 1 + 0j], ids=["c128", "c64", "complex"])
def test_complex_numbers_are_refused_not_cut_to_their_real_part(value: object) -> None:
    with pytest.raises(ParameterError, match="calf_strength"):
        HEALTHY.update({"calf_strength": value})
    with pytest.raises(ParameterError, match="person.calf_strength"):
        Person(calf_strength=value)
    with pytest.raises(ParameterError, match="severity"):
        ParameterValues.preset("deep-reflux", value)  # type: ignore[arg-type]


def test_a_numpy_time_span_is_not_a_number_of_seconds() -> None:
    from calfpump.errors import ProtocolError
    from calfpump.protocol import Stand

    with pytest.raises(ParameterError, match="save_every_s"):
        check_number("save_every_s", np.timedelta64(1, "s"), 0.0, 10.0, "s")
    with pytest.raises(ProtocolError, match="Stand.duration_s"):
        Stand(np.timedelta64(60, "s"))  # type: ignore[arg-type]


# ---- repeated blocks holding a device step, whose text has commas of its own ------------------


def test_a_device_step_with_its_commas_repeats_in_a_block() -> None:
    from calfpump.protocol import PneumaticCompression, Posture, Sit, parse_steps

    steps = parse_steps(
        "(Sit for 50 minutes, Calf compression device at 40 mmHg for 10 minutes, 10 s every 60 s, sitting) x 2"
    )
    device = PneumaticCompression(600, "calf", 40, 10, 60, Posture.SITTING)
    assert steps == (Sit(3000), device, Sit(3000), device)
    two = parse_steps("(Foot pump device for 5 minutes, 3 s every 20 s, Lie for 1 minute) x 1")
    assert two == (PneumaticCompression(300, "foot", None, 3, 20), calfpump.protocol.Lie(60))


def test_a_bad_step_in_a_block_is_still_named() -> None:
    from calfpump.errors import ProtocolError
    from calfpump.protocol import parse_steps

    with pytest.raises(ProtocolError, match=r"step 2: Could not understand step 'Jump for 2 minutes'"):
        parse_steps("(Sit for 1 minute, Jump for 2 minutes) x 2")
    with pytest.raises(ProtocolError, match=r"step 2: .*'3 s every 20 s'"):
        parse_steps("(Sit for 1 minute, 3 s every 20 s) x 2")


def test_a_bad_person_in_a_batch_is_named_by_its_place() -> None:
    with pytest.raises(ParameterError, match=r"person 1 of the batch: parameters must be"):
        calfpump.simulate_batch("Stand for 1 second", ["healthy", None])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match=r"person 2 of the batch: unknown preset 'healty'"):
        calfpump.simulate_batch("Stand for 1 second", ["healthy", "healthy", "healty"])


def test_validate_takes_one_target_id_as_text() -> None:
    from calfpump.validation import validate

    rows = validate("kf_calf")
    assert [r.id for r in rows] == ["kf_calf"]
    with pytest.raises(ParameterError, match=r"unknown target id\(s\) \['no_such_target'\]"):
        validate("no_such_target")


def test_solver_options_take_numpy_numbers_and_refuse_huge_integers_and_truth_values() -> None:
    """SolverOptions: numpy numbers are numbers (stored as float); an integer too large for a
    float, a truth value, NaN or a string is a ParameterError naming the option."""
    import numpy as np

    from calfpump.errors import ParameterError
    from calfpump.solver import SolverOptions

    o = SolverOptions(rtol=np.float32(1e-5), atol=np.int64(1), max_steps_per_s=np.float64(100.0))
    assert type(o.rtol) is float and type(o.atol) is float and o.atol == 1.0
    for bad in (10**400, True, np.True_, float("nan"), "1e-6", 0.0, -1.0, None):
        with pytest.raises(ParameterError, match=r"SolverOptions\.rtol = .* must be a finite number > 0"):
            SolverOptions(rtol=bad)
