"""The Python API at its edges (third input review): simulate, simulate_batch, SolverOptions,
simulate_day and its helpers, solve_with_scipy, the Solution and BatchSummary accessors,
ParameterValues and kernels_for.

Each test names an input that used to pass silently (a wrong result), crash deep inside
NumPy, numba or SciPy, or read memory out of bounds, and checks the clear error it gets now.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

import calfpump
from calfpump import LEG, Link, ParameterValues, SolverOptions
from calfpump.day import day_protocol, simulate_day, typical_day
from calfpump.errors import ParameterError
from calfpump.kernels import kernels_for
from calfpump.network import Network
from calfpump.protocol import Stand
from calfpump.reference import solve_with_scipy

SHORT = "Stand for 2 seconds"


# ---------------------------------------------------------------- simulate: save_at_s


@pytest.mark.parametrize(
    ("times", "shown"),
    [
        (["1", "2"], "'1' (str)"),  # NumPy reads text as numbers
        (np.array(["1", "2"]), "'1' (str)"),
        ([b"1"], "b'1' (bytes)"),
        (np.array([1 + 1j, 2]), "(1+1j) (complex)"),  # NumPy keeps the real part, with a warning
        (np.array([1, 2], dtype="m8[s]"), "timedelta"),  # NumPy reads time spans as numbers
        (np.array([1, 2], dtype="M8[s]"), "datetime"),
        ([None], "None (NoneType)"),
    ],
)
def test_sample_times_that_are_not_numbers_are_refused_by_place(healthy: ParameterValues, times: object,
                                                               shown: str) -> None:
    with pytest.raises(ParameterError, match=r"save_at_s\[0\] = .*is not a number") as err:
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)
    assert shown in str(err.value)


@pytest.mark.parametrize("times", [{1.0, 2.0}, (t for t in (1.0, 2.0)), 1.0, np.float64(1.0), b"12"])
def test_sample_times_must_be_a_sequence(healthy: ParameterValues, times: object) -> None:
    with pytest.raises(ParameterError, match="save_at_s must be a 1-D sequence of times in s"):
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)


@pytest.mark.parametrize(("times", "bad"), [([1.0, math.nan], r"save_at_s\[1\] = nan s"),
                                            ([1.0, 2.0000001], r"save_at_s\[1\] = 2.0000001 s")])
def test_a_bad_sample_time_is_named_with_its_place_and_value(healthy: ParameterValues, times: list[float],
                                                             bad: str) -> None:
    with pytest.raises(ParameterError, match=bad + ": save_at_s must lie within the protocol, 0 to 2 s"):
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)


def test_sample_times_come_in_order_once_and_never_as_minus_zero(healthy: ParameterValues) -> None:
    sol = calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=[1.5, -0.0, 0.5, 1.5])
    assert sol.t.tolist() == [0.0, 0.5, 1.5, 2.0]
    assert not np.signbit(sol.t).any()
    ok = calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=pd.Series([0.5, 1.0]))
    assert ok.t.tolist() == [0.0, 0.5, 1.0, 2.0]


# ---------------------------------------------------------------- simulate: settle_s, options


@pytest.mark.parametrize("settle_s", [1e-300, 5e-324, 1e-11])
def test_a_settling_shorter_than_the_minimum_step_is_a_parameter_error(healthy: ParameterValues,
                                                                       settle_s: float) -> None:
    """It used to end in a SolverError at t = -settle_s ('the step size fell below its minimum')."""
    with pytest.raises(ParameterError, match=r"settle_s = .* is shorter than SolverOptions\.min_step_s"):
        calfpump.simulate(SHORT, healthy, settle_s=settle_s)


def test_a_settling_of_zero_or_the_minimum_step_still_runs(healthy: ParameterValues) -> None:
    for settle_s in (0.0, 1e-10):
        assert calfpump.simulate(SHORT, healthy, settle_s=settle_s).t[-1] == 2.0


@pytest.mark.parametrize(
    "kwargs",
    [{"min_step_s": 1.0, "max_step_rest_s": 0.1}, {"min_step_s": 0.1, "max_step_active_s": 0.01},
     {"min_step_s": 0.002}, {"min_step_s": 1e300}],
)
def test_a_minimum_step_over_the_first_or_largest_step_is_refused(kwargs: dict) -> None:
    """Every run with such options stopped at once with a misleading SolverError."""
    with pytest.raises(ParameterError, match=r"SolverOptions\.min_step_s = .* must be at most"):
        SolverOptions(**kwargs)


@pytest.mark.parametrize("rtol", [0.5, 10.0, 1e300])
def test_a_relative_tolerance_that_controls_nothing_is_refused(rtol: float) -> None:
    """rtol = 10 gave a standing foot pressure of 108 mmHg instead of 91, silently."""
    with pytest.raises(ParameterError, match=r"SolverOptions\.rtol = .* must be at most 0\.1"):
        SolverOptions(rtol=rtol)


def test_the_loosest_options_still_run(healthy: ParameterValues) -> None:
    opts = SolverOptions(rtol=0.1, min_step_s=1e-3)
    assert calfpump.simulate(SHORT, healthy, settle_s=1.0, options=opts).t[-1] == 2.0


def test_a_huge_step_cap_rate_means_no_cap_not_an_overflow(healthy: ParameterValues) -> None:
    """max_steps_per_s = 1e300 was an OverflowError from int() in simulate and simulate_day."""
    opts = SolverOptions(max_steps_per_s=1e300)
    assert calfpump.simulate(SHORT, healthy, settle_s=1.0, options=opts).t[-1] == 2.0
    assert len(simulate_day(["Stand for 1 minute"], healthy, method="full", options=opts).minutes) == 1


# ---------------------------------------------------------------- simulate_batch


@pytest.mark.parametrize("flag", ["no", None, 0, 1])
def test_summaries_only_must_be_true_or_false(healthy: ParameterValues, flag: object) -> None:
    """'no' used to mean summaries (truthy), None full traces."""
    with pytest.raises(ParameterError, match="summaries_only = .* must be True or False"):
        calfpump.simulate_batch(SHORT, [healthy], settle_s=0.0, summaries_only=flag)  # type: ignore[arg-type]


def _flipped_foot(healthy: ParameterValues) -> ParameterValues:
    """The healthy values on a leg whose foot node is not hyperaemic: same links, other kinds."""
    nodes = tuple(dataclasses.replace(n, hyperaemic=not n.hyperaemic) if n.name == "foot" else n
                  for n in LEG.nodes)
    return ParameterValues(dict(healthy), network=Network(nodes, LEG.links, name="flipped",
                                                          lymph_target=LEG.lymph_target))


def test_a_batch_on_networks_that_differ_in_node_kinds_is_refused(healthy: ParameterValues) -> None:
    """The batch ran everyone with the first person's compiled kernels, so the second person's
    foot was computed as the first one's, silently (another foot pressure than alone)."""
    with pytest.raises(ParameterError, match="person 1 is on network 'flipped'"):
        calfpump.simulate_batch(SHORT, [healthy, _flipped_foot(healthy)], settle_s=0.0)


def test_a_batch_on_networks_with_other_names_is_refused(healthy: ParameterValues) -> None:
    """The quantities were labelled with the first person's node names."""
    def rename(name: str) -> str:
        return "heel" if name == "foot" else name

    nodes = tuple(dataclasses.replace(n, name=rename(n.name)) for n in LEG.nodes)
    links = tuple(dataclasses.replace(lk, up=rename(lk.up), down=rename(lk.down)) for lk in LEG.links)
    net = Network(nodes, links, name="renamed", lymph_target=LEG.lymph_target)
    values = {("heel." + k[5:] if k.startswith("foot.") else k): v for k, v in healthy.items()}
    with pytest.raises(ParameterError, match="person 1 is on network 'renamed'"):
        calfpump.simulate_batch(SHORT, [healthy, ParameterValues(values, network=net)], settle_s=0.0)


def test_a_batch_of_copies_of_one_network_still_runs(healthy: ParameterValues) -> None:
    other = ParameterValues(dict(healthy), network=dataclasses.replace(LEG))
    res = calfpump.simulate_batch(SHORT, [healthy, other], settle_s=0.0)
    assert res.values.shape[0] == 2


def test_a_batch_of_summaries_too_large_for_memory_is_refused(healthy: ParameterValues,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Only traces were checked: 20,000 people over a 2,000-step protocol asked for 23 GB of
    summaries (an out-of-memory kill)."""
    from calfpump import simulation

    monkeypatch.setattr(simulation, "MAX_TRACE_BYTES", 1000)
    with pytest.raises(ParameterError, match=r"the summaries would take .* GB \(3 people x 2 steps\)"):
        calfpump.simulate_batch([SHORT, SHORT], [healthy] * 3, settle_s=0.0)


# ---------------------------------------------------------------- the day API


def test_a_minute_table_given_as_the_day_says_to_use_day_protocol() -> None:
    """It was 'Could not understand step 'steps'' (the table's column names read as steps)."""
    with pytest.raises(ParameterError, match=r"day_protocol\(table\)"):
        simulate_day(pd.DataFrame({"steps": [0, 0]}))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [np.array(["full"]), np.array(["fast"])])
def test_day_method_and_start_must_be_text(value: object) -> None:
    with pytest.raises(ParameterError, match="method = array"):
        simulate_day(["Stand for 2 minutes"], method=value)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="start = array"):
        simulate_day(["Stand for 2 minutes"], start=np.array(["reference"]))  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [1e-300, 1e-9, 0.5])
def test_a_day_shorter_than_a_second_is_refused(seconds: float) -> None:
    """A protocol of 1e-300 s ended in an IndexError (a minute table of no minutes)."""
    with pytest.raises(ParameterError, match="simulate_day needs at least 1 s"):
        simulate_day([Stand(seconds)], method="full")


def test_a_day_of_a_second_has_one_minute() -> None:
    assert simulate_day(["Stand for 1 second"], method="full").minutes["duration_s"].tolist() == [1.0]


@pytest.mark.parametrize("cadence", ["100", 100 + 0j, np.array([100.0]), True])
def test_day_protocol_cadence_must_be_a_number(cadence: object) -> None:
    """Text and complex numbers were a TypeError from '<=', an array a ProtocolError about Walk."""
    table = pd.DataFrame({"steps": [10, 0]})
    with pytest.raises(ParameterError, match="habitual_cadence_spm = .* is not a number; allowed: 30 to 200"):
        day_protocol(table, habitual_cadence_spm=cadence)  # type: ignore[arg-type]


def test_day_protocol_unknown_posture_must_be_text() -> None:
    with pytest.raises(ParameterError, match=r"unknown = \['sit'\]: must be one of"):
        day_protocol(pd.DataFrame({"steps": [0]}), unknown=["sit"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("steps", "shown"),
    [(["10", "x"], "'10' (str)"), ([True, False], "True (bool)"), ([1 + 1j], "(1+1j) (complex)"),
     (pd.to_timedelta([1], unit="s"), "Timedelta"), (pd.to_datetime(["2020-01-01"]), "Timestamp")],
)
def test_day_protocol_step_counts_must_be_numbers(steps: object, shown: str) -> None:
    """Text was a raw ValueError, True one step, a complex count its real part, a time span its
    nanoseconds."""
    with pytest.raises(ParameterError, match=r"minute table row 0: steps = .* is not a step count") as err:
        day_protocol(pd.DataFrame({"steps": steps}))
    assert shown in str(err.value)


def test_day_protocol_missing_counts_are_still_unknown() -> None:
    table = pd.DataFrame({"steps": pd.array([None, 30], dtype="Int64")})
    assert day_protocol(table)[0].text == "Sit for 1 minute"
    table = pd.DataFrame({"steps": [None, 30.0]}, dtype=object)
    assert day_protocol(table)[0].text == "Sit for 1 minute"


@pytest.mark.parametrize("posture", [1, 1.5, b"sit", ["sit"]])
def test_day_protocol_postures_that_are_not_text_are_refused(posture: object) -> None:
    """They were taken silently as 'no posture given' (the assumed posture)."""
    table = pd.DataFrame({"steps": [0, 0], "posture": ["sit", posture]})
    with pytest.raises(ParameterError, match="minute table row 1: posture = .* is not a posture"):
        day_protocol(table)


def test_day_protocol_missing_postures_take_the_assumed_one() -> None:
    table = pd.DataFrame({"steps": [0, 0, 0], "posture": ["lie", None, math.nan]})
    assert [s.text for s in day_protocol(table, unknown="stand")] == ["Lie for 1 minute", "Stand for 2 minutes"]


def test_day_protocol_refuses_a_column_given_twice() -> None:
    with pytest.raises(ParameterError, match="more than one 'steps' column"):
        day_protocol(pd.DataFrame([[1, 2]], columns=["steps", "steps"]))


@pytest.mark.parametrize("hours", ["2", True, np.array([2.0])])
def test_typical_day_legs_raised_hours_must_be_a_number(hours: object) -> None:
    with pytest.raises(ParameterError, match="evening_legs_raised_h = .* is not a number; allowed: 0 to 4 h"):
        typical_day(evening_legs_raised_h=hours)  # type: ignore[arg-type]


@pytest.mark.parametrize("breaks", ["no", None, 1])
def test_typical_day_walking_breaks_must_be_true_or_false(breaks: object) -> None:
    """'no' used to add the breaks."""
    with pytest.raises(ParameterError, match="walking_breaks = .* must be True or False"):
        typical_day(walking_breaks=breaks)  # type: ignore[arg-type]


def test_typical_day_takes_numpy_values() -> None:
    assert typical_day(walking_breaks=np.True_, evening_legs_raised_h=np.float64(2)).duration_s == 86400.0


# ---------------------------------------------------------------- solve_with_scipy


@pytest.fixture(scope="module")
def settled(healthy: ParameterValues) -> np.ndarray:
    sol = calfpump.simulate("Stand for 1 second", healthy, settle_s=1.0)
    return np.array(sol._data[0, : 8 + 1 + 10 + 3])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "rk45"}, r"method = 'rk45' is not a scipy\.integrate\.solve_ivp method"),
        ({"method": None}, "method = None is not"),
        ({"rtol": math.nan}, "rtol = nan must be a finite number > 0"),  # scipy looped for ever
        ({"rtol": -1.0}, "rtol = -1.0 must be"),  # scipy warned and used 2.2e-14
        ({"rtol": "1e-6"}, "rtol = '1e-6' must be"),
        ({"atol": math.inf}, "atol = inf must be"),
        ({"atol": True}, "atol = True must be"),
        ({"atol": np.full(3, 1e-6)}, "atol as an array must hold 22 finite values"),
        ({"save_every_s": "0.1"}, "save_every_s = '0.1' is not a number"),
        ({"save_every_s": True}, "save_every_s = True is not a number"),
        ({"settle_s": math.nan}, "settle_s = nan is outside"),
        ({"include_settling": "no"}, "include_settling = 'no' must be True or False"),
    ],
)
def test_solve_with_scipy_checks_its_arguments(settled: np.ndarray, kwargs: dict, match: str) -> None:
    args = {"method": "RK45", "y0": settled, "settle_s": 1.0, **kwargs}
    with pytest.raises(ParameterError, match=match):
        solve_with_scipy("Stand for 1 second", **args)


@pytest.mark.parametrize(
    ("y0", "match"),
    [
        (np.zeros(5), r"y0 must hold 22 values \(the model's state\), got shape \(5,\)"),  # memory corruption
        (np.zeros((1, 22)), "got shape \\(1, 22\\)"),
        (np.full(22, np.nan), r"y0\[0\] = .*nan.*: y0 must be finite"),
        ("abc", "y0 = 'abc' must hold real numbers"),
        (np.ones(22, dtype=complex), "must hold real numbers, not complex128"),
        (np.ones(22, dtype=bool), "must hold real numbers, not bool"),
    ],
)
def test_solve_with_scipy_checks_the_start_state(y0: object, match: str) -> None:
    """A short y0 made the compiled right-hand side write outside its arrays (the process died
    with 'malloc(): smallbin double linked list corrupted')."""
    with pytest.raises(ParameterError, match=match):
        solve_with_scipy("Stand for 1 second", method="RK45", y0=y0, settle_s=1.0)


def test_solve_with_scipy_refuses_a_start_state_with_settling(settled: np.ndarray) -> None:
    """include_settling ignored the given y0 silently."""
    with pytest.raises(ParameterError, match="y0 and include_settling exclude each other"):
        solve_with_scipy("Stand for 1 second", method="RK45", y0=settled, include_settling=True, settle_s=1.0)


def test_solve_with_scipy_still_takes_a_tolerance_per_state_and_a_solver_class(settled: np.ndarray) -> None:
    from scipy.integrate import RK45

    ref = solve_with_scipy("Stand for 1 second", method=RK45, atol=np.full(22, 1e-6), rtol=1e-6,
                           y0=list(settled), settle_s=1.0)
    assert ref.t[-1] == 1.0 and np.isfinite(ref.pressure("ankle")).all()


def test_solve_with_scipy_includes_a_settling_of_zero() -> None:
    """settle_s = 0 with include_settling was a TypeError from SciPy's result of a span of 0 s."""
    ref = solve_with_scipy("Stand for 1 second", method="RK45", rtol=1e-4, atol=1e-4, settle_s=0.0,
                           include_settling=True)
    assert ref.t[-1] == 1.0 and np.isfinite(ref.pressure("ankle")).all()


# ---------------------------------------------------------------- Solution and BatchSummary


@pytest.fixture(scope="module")
def tiny(healthy: ParameterValues) -> calfpump.Solution:
    return calfpump.simulate("Stand for 1 second", healthy, settle_s=0.0, save_every_s=0.5)


def test_a_mistyped_variable_is_suggested_and_the_names_listed(tiny: calfpump.Solution) -> None:
    with pytest.raises(KeyError, match="did you mean 'ankle.pressure'") as err:
        tiny["ankle.presure"]
    assert "'popliteal_valve.flow'" in str(err.value)  # the whole list, not "see Solution.units"


@pytest.mark.parametrize("name", [["ankle.pressure"], 0, None])
def test_a_variable_name_that_is_not_text_is_a_key_error(tiny: calfpump.Solution, name: object) -> None:
    """A list was 'TypeError: unhashable type' (from the accessor, get and ``in``)."""
    with pytest.raises(KeyError, match="variable names are text"):
        tiny[name]  # type: ignore[index]
    assert tiny.get(name) is None  # type: ignore[arg-type]
    assert name not in tiny


def test_accessors_suggest_the_node_of_a_full_variable_name(tiny: calfpump.Solution) -> None:
    with pytest.raises(KeyError, match="no pressure of 'ankle.pressure', did you mean 'ankle'"):
        tiny.pressure("ankle.pressure")
    with pytest.raises(KeyError, match=r"no volume of list \['ankle'\]: names are text"):
        tiny.volume(["ankle"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def summary(healthy: ParameterValues) -> calfpump.BatchSummary:
    res = calfpump.simulate_batch("Stand for 1 second", [healthy], settle_s=0.0)
    assert isinstance(res, calfpump.BatchSummary)
    return res


def test_batch_summary_names_must_be_text(summary: calfpump.BatchSummary) -> None:
    """An array of two names was 'ValueError: truth value of an array is ambiguous'; an array
    of one was taken as the name."""
    for bad in (np.array(["foot.pressure", "ankle.pressure"]), np.array(["foot.pressure"])):
        with pytest.raises(KeyError, match="no quantity array"):
            summary.get(bad, "mean")  # type: ignore[arg-type]
        with pytest.raises(KeyError, match="no statistic array"):
            summary.get("foot.pressure", bad)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="did you mean 'foot.pressure'"):
        summary.get("foot.presure", "mean")
    assert summary.get(np.str_("foot.pressure"), np.str_("mean")).shape == (1, 1)


# ---------------------------------------------------------------- ParameterValues


def test_membership_and_get_follow_the_mapping_rules(healthy: ParameterValues) -> None:
    """``"x" in values`` and ``values.get("x")`` raised a ParameterError; a list key a TypeError."""
    assert "calf_strenght" not in healthy
    assert ["calf_strength"] not in healthy
    assert healthy.get("calf_strenght") is None and healthy.get("calf_strenght", 1.0) == 1.0
    assert healthy.get("calf_strength") == 1.0 and "calf_strength" in healthy


def test_a_mistyped_parameter_is_suggested(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="unknown parameter 'calf_strenght', did you mean 'calf_strength'"):
        healthy["calf_strenght"]
    with pytest.raises(ParameterError, match="unknown parameter 'calf_strenght', did you mean 'calf_strength'"):
        healthy.update({"calf_strenght": 0.5})
    with pytest.raises(ParameterError, match=r"unknown parameter \['x'\]"):
        healthy[["x"]]  # type: ignore[index]


@pytest.mark.parametrize(("kwargs", "match"), [({"name": 5}, "name = 5 must be text"),
                                               ({"source": 5}, "source = 5 must be text")])
def test_update_name_and_source_must_be_text(healthy: ParameterValues, kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        healthy.update({"calf_strength": 0.5}, **kwargs)


def test_the_name_of_a_parameter_set_must_be_text(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="name = 5 must be text"):
        ParameterValues(dict(healthy), name=5)  # type: ignore[arg-type]


def test_with_network_checks_its_arguments(healthy: ParameterValues) -> None:
    """A network given as text was an AttributeError, extras or sources not a mapping a TypeError
    or ValueError."""
    net = LEG.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
    extra = {"thigh_perforator.resistance_mmHg_s_mL": 1.0, "thigh_perforator.incompetence": 0.0,
             "thigh_perforator.open_rate": 1.0, "thigh_perforator.close_rate": 1.0}
    with pytest.raises(ParameterError, match="network must be a calfpump Network, not str"):
        healthy.with_network("leg", extra)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="extra must be a mapping"):
        healthy.with_network(net, None)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="sources must be a mapping"):
        healthy.with_network(net, extra, "a paper")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="sources must be a mapping"):
        ParameterValues(dict(healthy), "a paper")  # type: ignore[arg-type]
    assert len(healthy.with_network(net, extra, {"thigh_perforator.incompetence": "x"})) == len(healthy) + 4


# ---------------------------------------------------------------- kernels_for


@pytest.mark.parametrize("arrays", [None, "healthy", {}])
def test_kernels_for_needs_model_arrays(healthy: ParameterValues, arrays: object) -> None:
    """Anything else was an AttributeError ('... has no attribute node_p')."""
    with pytest.raises(ParameterError, match="kernels_for needs a model's arrays"):
        kernels_for(arrays)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="not ParameterValues"):
        kernels_for(healthy)  # type: ignore[arg-type]
