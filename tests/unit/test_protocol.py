"""Unit tests for calfpump.protocol: step parsing, typed steps and Protocol."""

from __future__ import annotations

import dataclasses
import math
import pickle
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calfpump.errors import CalfpumpError, ProtocolError
from calfpump.protocol import (
    EXAMPLES,
    MAX_STEP_DURATION_S,
    Activity,
    Lie,
    LieLegsRaised,
    Posture,
    Protocol,
    Sit,
    Stand,
    Step,
    Tilt,
    Tiptoe,
    Walk,
    as_protocol,
    parse_step,
)

# ---------------------------------------------------------------------------
# Parsing: every form
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lie for 5 minutes", Lie(300)),
        ("Lie down for 5 minutes", Lie(300)),
        ("Lie supine for 5 minutes", Lie(300)),
        ("Lie with legs raised 30 degrees for 20 minutes", LieLegsRaised(1200, 30)),
        ("Lie with legs raised 30 deg for 20 minutes", LieLegsRaised(1200, 30)),
        ("Lie with legs raised 30° for 20 minutes", LieLegsRaised(1200, 30)),
        ("Lie with legs raised 30 ° for 20 minutes", LieLegsRaised(1200, 30)),
        ("Lie with legs raised 1 degree for 20 minutes", LieLegsRaised(1200, 1)),
        ("Sit for 30 minutes", Sit(1800)),
        ("Stand for 2 minutes", Stand(120)),
        ("Tilt 60 degrees for 5 minutes", Tilt(300, 60)),
        ("Tilt to 60 degrees for 5 minutes", Tilt(300, 60)),
        ("Tilt 0 degrees for 5 minutes", Tilt(300, 0)),
        ("Tilt 90 deg for 5 minutes", Tilt(300, 90)),
        ("Walk at 100 steps/min for 3 minutes", Walk(180, 100)),
        ("Walk at 100 spm for 3 minutes", Walk(180, 100)),
        ("Walk at 100 steps per minute for 3 minutes", Walk(180, 100)),
        ("Walk at 100 steps / min for 3 minutes", Walk(180, 100)),
        ("Tiptoe 10 times at 1 Hz", Tiptoe(10, 1.0)),
        ("Tiptoe 10 times at 0.5 Hz", Tiptoe(10, 0.5)),
        ("Tiptoe 10 times", Tiptoe(10, 1.0)),
        ("Tiptoe 1 time", Tiptoe(1)),
        ("Heel raise 10 times at 1 Hz", Tiptoe(10, 1.0)),
        ("Heel raises 10 times at 2 Hz", Tiptoe(10, 2.0)),
        ("Heel raises 12 times", Tiptoe(12, 1.0)),
    ],
)
def test_parse_every_form(text: str, expected: Step) -> None:
    step = parse_step(text)
    assert step == expected
    assert type(step) is type(expected)
    assert step.source_text == text
    assert step.label == text


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("seconds", 1),
        ("second", 1),
        ("secs", 1),
        ("sec", 1),
        ("s", 1),
        ("minutes", 60),
        ("minute", 60),
        ("mins", 60),
        ("min", 60),
        ("hours", 3600),
        ("hour", 3600),
        ("hrs", 3600),
        ("hr", 3600),
        ("h", 3600),
    ],
)
def test_duration_units(unit: str, factor: int) -> None:
    assert parse_step(f"Stand for 2 {unit}").duration_s == 2 * factor
    assert parse_step(f"Stand for 2{unit}").duration_s == 2 * factor  # no space
    assert parse_step(f"Stand for 2 {unit.upper()}").duration_s == 2 * factor


@pytest.mark.parametrize(
    ("text", "duration_s"),
    [
        ("Stand for 2.5 minutes", 150.0),
        ("Stand for .5 minutes", 30.0),
        ("Stand for 2. minutes", 120.0),
        ("Stand for 0.5 hours", 1800.0),
        ("Stand for 1.5 h", 5400.0),
        ("Stand for 0.1 hours", 360.0),
        ("Stand for 0.7 hours", 2520.0),
        ("Stand for 12.25 s", 12.25),
        ("Stand for +3 minutes", 180.0),
        ("Stand for 168 hours", MAX_STEP_DURATION_S),
    ],
)
def test_decimal_durations(text: str, duration_s: float) -> None:
    assert parse_step(text).duration_s == duration_s


@pytest.mark.parametrize(
    "text",
    [
        "walk at 100 steps/min for 3 minutes",
        "WALK AT 100 STEPS/MIN FOR 3 MINUTES",
        "Walk At 100 Steps/Min For 3 Minutes",
        "Walk at 100 steps/min for 3 minutes.",
        "Walk at 100 steps/min for 3 minutes .",
        "  Walk   at  100   steps/min\tfor 3\nminutes  ",
        "  walk at 100 SPM for 3 min.  ",
    ],
)
def test_case_spacing_and_trailing_period(text: str) -> None:
    step = parse_step(text)
    assert step == Walk(180, 100)
    assert step.source_text == text  # kept exactly as given
    assert step.text == "Walk at 100 steps/min for 3 minutes"


def test_decimal_angles_cadence_and_rates() -> None:
    assert parse_step("Tilt 22.5 degrees for 1 minute") == Tilt(60, 22.5)
    assert parse_step("Lie with legs raised .5 deg for 1 min") == LieLegsRaised(60, 0.5)
    assert parse_step("Walk at 112.5 spm for 10 s") == Walk(10, 112.5)
    assert parse_step("Tiptoe 3 times at .25 Hz") == Tiptoe(3, 0.25)
    assert parse_step("Tiptoe 10.0 times") == Tiptoe(10)


# ---------------------------------------------------------------------------
# Typed steps
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "posture", "activity", "angle_deg", "duration_s", "text"),
    [
        (Lie(300), Posture.SUPINE, Activity.REST, 0.0, 300.0, "Lie for 5 minutes"),
        (
            LieLegsRaised(1200, 30),
            Posture.LEGS_RAISED,
            Activity.REST,
            30.0,
            1200.0,
            "Lie with legs raised 30 degrees for 20 minutes",
        ),
        (Sit(1800), Posture.SITTING, Activity.REST, 0.0, 1800.0, "Sit for 30 minutes"),
        (Stand(120), Posture.STANDING, Activity.REST, 0.0, 120.0, "Stand for 2 minutes"),
        (Tilt(300, 60), Posture.TILT, Activity.REST, 60.0, 300.0, "Tilt 60 degrees for 5 minutes"),
        (
            Walk(180, 100),
            Posture.STANDING,
            Activity.WALK,
            0.0,
            180.0,
            "Walk at 100 steps/min for 3 minutes",
        ),
        (Tiptoe(10, 1), Posture.STANDING, Activity.TIPTOE, 0.0, 10.0, "Tiptoe 10 times at 1 Hz"),
    ],
)
def test_typed_step_properties(
    step: Step,
    posture: Posture,
    activity: Activity,
    angle_deg: float,
    duration_s: float,
    text: str,
) -> None:
    assert step.posture is posture
    assert step.activity is activity
    assert step.angle_deg == angle_deg
    assert step.duration_s == duration_s
    assert step.text == text
    assert str(step) == text
    assert step.source_text is None
    assert step.label == text
    # Typed construction equals parsed, and the canonical text round-trips.
    assert parse_step(text) == step
    assert parse_step(str(step)) == step


def test_examples_all_parse_and_round_trip() -> None:
    assert len(EXAMPLES) >= 7
    for text in EXAMPLES:
        step = parse_step(text)
        assert step.text == text
        assert parse_step(str(step)) == step


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (Stand(90), "Stand for 90 seconds"),
        (Stand(1), "Stand for 1 second"),
        (Stand(60), "Stand for 1 minute"),
        (Stand(3600), "Stand for 1 hour"),
        (Stand(7200), "Stand for 2 hours"),
        (Stand(0.25), "Stand for 0.25 seconds"),
        (Stand(1e-7), "Stand for 0.0000001 seconds"),
        (Tilt(60, 1), "Tilt 1 degree for 1 minute"),
        (Tiptoe(1, 0.1), "Tiptoe 1 time at 0.1 Hz"),
        (Walk(30, 112.5), "Walk at 112.5 steps/min for 30 seconds"),
    ],
)
def test_canonical_text(step: Step, text: str) -> None:
    assert step.text == text
    assert parse_step(text) == step


def test_tiptoe_duration_is_derived() -> None:
    assert Tiptoe(10, 1.0).duration_s == 10.0
    assert Tiptoe(10, 0.5).duration_s == 20.0
    assert Tiptoe(30, 3).duration_s == 10.0
    assert Tiptoe(1000, 0.1).duration_s == pytest.approx(10000.0)
    assert Tiptoe(10).rate_hz == 1.0
    assert "duration_s" not in {f.name for f in dataclasses.fields(Tiptoe)}
    with pytest.raises(TypeError):
        Tiptoe(10, 1.0, 5.0)  # type: ignore[call-arg, arg-type]


def test_values_are_normalised_to_float_and_int() -> None:
    w = Walk(180, 100)
    assert type(w.duration_s) is float and type(w.cadence_spm) is float
    t = Tiptoe(10.0, 2)  # type: ignore[arg-type]
    assert type(t.count) is int and type(t.rate_hz) is float
    assert math.copysign(1.0, Tilt(60, -0.0).angle_deg) == 1.0


def test_steps_are_frozen_slotted_hashable_and_picklable() -> None:
    step = parse_step("Walk at 100 steps/min for 3 minutes")
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.duration_s = 1.0  # type: ignore[misc]
    assert not hasattr(step, "__dict__")
    assert hash(step) == hash(Walk(180, 100))
    assert {step, Walk(180, 100)} == {step}
    clone = pickle.loads(pickle.dumps(step))
    assert clone == step and clone.source_text == step.source_text


def test_source_text_does_not_affect_equality() -> None:
    a = parse_step("stand for 120 s")
    b = Stand(120)
    assert a == b
    assert a.label == "stand for 120 s"
    assert b.label == "Stand for 2 minutes"
    assert Stand(120, source_text="my stand").label == "my stand"


def test_step_kinds_differ() -> None:
    steps: list[Step] = [Lie(60), Sit(60), Stand(60), Tilt(60, 90)]
    assert len(set(steps)) == 4
    assert steps[2] != steps[3]


def test_step_base_is_abstract() -> None:
    with pytest.raises(TypeError):
        Step()  # type: ignore[abstract]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def _check_unparseable(message: str, text: str) -> None:
    assert f"Could not understand step {text!r}" in message
    assert "Valid steps look like:" in message
    for example in EXAMPLES:
        assert repr(example) in message


def test_negative_cadence_quotes_step_and_range() -> None:
    text = "Walk at -5 steps/min for 3 minutes"
    with pytest.raises(ProtocolError) as info:
        parse_step(text)
    message = str(info.value)
    assert repr(text) in message
    assert "Walk.cadence_spm = -5 is outside the allowed range 30 to 200 steps/min" in message
    assert isinstance(info.value.__cause__, ProtocolError)


@pytest.mark.parametrize(
    "text",
    [
        "Stand for ten",
        "Stand for ten minutes",
        "Stand for 10",
        "Stand for 2 days",
        "Jump for 2 minutes",
        "Tiptoe at 1 Hz",
        "",
        "   ",
        "Stand for 1e3 seconds",
        "Stand for 2 minutes and then sit",
    ],
)
def test_unparseable_text_lists_examples(text: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_step(text)
    _check_unparseable(str(info.value), text)


def test_jump_message_exact_start() -> None:
    with pytest.raises(ProtocolError, match=r"^Could not understand step 'Jump for 2 minutes'\. "):
        parse_step("Jump for 2 minutes")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Walk at 400 steps/min for 1 minute",
            "Walk.cadence_spm = 400 is outside the allowed range 30 to 200 steps/min",
        ),
        (
            "Walk at 29.5 spm for 1 minute",
            "Walk.cadence_spm = 29.5 is outside the allowed range 30 to 200 steps/min",
        ),
        (
            "Sit for 0 minutes",
            ("Sit.duration_s = 0 is outside the allowed range greater than 0 "
            "and at most 604800 s (7 days)"),
        ),
        (
            "Stand for -1 s",
            "Stand.duration_s = -1 is outside the allowed range greater than 0",
        ),
        (
            "Stand for 200 hours",
            ("Stand.duration_s = 720000 is outside the allowed range greater than 0 "
            "and at most 604800 s (7 days)"),
        ),
        (
            "Tiptoe 0 times at 1 Hz",
            "Tiptoe.count = 0 is outside the allowed range 1 to 1000 heel raises",
        ),
        (
            "Tiptoe 1001 times",
            "Tiptoe.count = 1001 is outside the allowed range 1 to 1000 heel raises",
        ),
        (
            "Tiptoe 2.5 times",
            "Tiptoe.count = 2.5 is not a whole number; the allowed range is 1 to 1000 heel raises",
        ),
        (
            "Tiptoe 10 times at 5 Hz",
            "Tiptoe.rate_hz = 5 is outside the allowed range 0.1 to 3 Hz",
        ),
        (
            "Tilt 95 degrees for 1 minute",
            "Tilt.angle_deg = 95 is outside the allowed range 0 to 90 degrees",
        ),
        (
            "Tilt -10 degrees for 1 minute",
            "Tilt.angle_deg = -10 is outside the allowed range 0 to 90 degrees",
        ),
        (
            "Lie with legs raised 0 degrees for 1 minute",
            ("LieLegsRaised.angle_deg = 0 is outside the allowed range greater than 0 "
            "and at most 90 degrees"),
        ),
    ],
)
def test_out_of_range_quotes_step_field_and_range(text: str, fragment: str) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_step(text)
    message = str(info.value)
    assert message.startswith(f"Invalid step {text!r}: ")
    assert fragment in message


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (
            lambda: Walk(math.nan, 100),
            "Walk.duration_s = nan is not a finite number; the allowed range is greater than 0",
        ),
        (
            lambda: Walk(60, math.nan),
            ("Walk.cadence_spm = nan is not a finite number; "
            "the allowed range is 30 to 200 steps/min"),
        ),
        (lambda: Stand(math.inf), "Stand.duration_s = inf is not a finite number"),
        (lambda: Tilt(60, -math.inf), "Tilt.angle_deg = -inf is not a finite number"),
        (lambda: Tiptoe(10, math.nan), "Tiptoe.rate_hz = nan is not a finite number"),
        (lambda: Tiptoe(math.nan), "Tiptoe.count = nan is not a finite number"),  # type: ignore[arg-type]
        (lambda: Lie(0), "Lie.duration_s = 0 is outside the allowed range greater than 0"),
        (
            lambda: Sit(MAX_STEP_DURATION_S + 1),
            "Sit.duration_s = 604801 is outside the allowed range",
        ),
        (
            lambda: Walk(60, "100"),  # type: ignore[arg-type]
            "Walk.cadence_spm = '100' (str) is not a number; the allowed range is 30 to 200",
        ),
        (lambda: Walk(None, 100), "Walk.duration_s = None (NoneType) is not a number"),  # type: ignore[arg-type]
        (lambda: Stand(True), "Stand.duration_s = True is not a number"),
        (lambda: Tiptoe(True), "Tiptoe.count = True is not a number"),
        (lambda: LieLegsRaised(60, 91), "LieLegsRaised.angle_deg = 91 is outside"),
        (
            lambda: Stand(60, source_text=5),  # type: ignore[arg-type]
            "Stand.source_text must be a string or None, not int",
        ),
    ],
)
def test_typed_construction_errors(build: object, fragment: str) -> None:
    with pytest.raises(ProtocolError) as info:
        build()  # type: ignore[operator]
    assert fragment in str(info.value)


def test_protocol_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Walk(60, 1000)
    with pytest.raises(CalfpumpError):
        parse_step("nonsense")


@pytest.mark.parametrize("bad", [5, 2.0, None, b"Stand for 2 minutes", ["Stand for 2 minutes"]])
def test_parse_step_wrong_type(bad: object) -> None:
    with pytest.raises(ProtocolError) as info:
        parse_step(bad)  # type: ignore[arg-type]
    message = str(info.value)
    assert f"not {type(bad).__name__}" in message
    assert "must be a string" in message


# ---------------------------------------------------------------------------
# Protocol
# ---------------------------------------------------------------------------


def test_protocol_start_times_and_duration() -> None:
    p = Protocol(
        [
            "Lie for 5 minutes",
            Stand(60),
            "Walk at 100 steps/min for 3 minutes",
            Tiptoe(10, 0.5),
            "Sit for 0.5 h",
        ]
    )
    assert len(p) == 5
    assert p.start_times_s == (0.0, 300.0, 360.0, 540.0, 560.0)
    assert p.duration_s == 2360.0
    assert p.steps == (Lie(300), Stand(60), Walk(180, 100), Tiptoe(10, 0.5), Sit(1800))
    assert isinstance(p.steps, tuple)
    assert list(p) == list(p.steps)
    assert p[0] == Lie(300)
    assert p[-1] == Sit(1800)
    assert p[1:3] == (Stand(60), Walk(180, 100))
    assert all(isinstance(t, float) for t in p.start_times_s)


def test_protocol_keeps_source_text() -> None:
    p = Protocol(["lie for 5 min.", Stand(60)])
    assert [s.label for s in p] == ["lie for 5 min.", "Stand for 1 minute"]
    assert [s.text for s in p] == ["Lie for 5 minutes", "Stand for 1 minute"]


def test_protocol_repr_and_equality() -> None:
    p = Protocol(["lie for 5 min", "Walk at 100 spm for 3 min"])
    assert repr(p) == "Protocol(['Lie for 5 minutes', 'Walk at 100 steps/min for 3 minutes'])"
    assert p == Protocol([Lie(300), Walk(180, 100)])
    assert hash(p) == hash(Protocol([Lie(300), Walk(180, 100)]))
    assert p != Protocol([Lie(300)])
    assert p != "Lie for 5 minutes"
    assert pickle.loads(pickle.dumps(p)) == p


def test_protocol_is_immutable() -> None:
    p = Protocol(["Stand for 1 minute"])
    with pytest.raises(AttributeError):
        p.steps = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        p._steps = ()
    with pytest.raises(AttributeError):
        p.extra = 1
    with pytest.raises(TypeError):
        p[0] = Stand(1)  # type: ignore[index]


def test_protocol_accepts_generators_single_items_and_protocols() -> None:
    p = Protocol(s for s in ["Sit for 1 minute", "Stand for 1 minute"])
    assert len(p) == 2
    assert Protocol("Sit for 1 minute") == Protocol([Sit(60)])
    assert Protocol(Sit(60)) == Protocol([Sit(60)])
    assert Protocol(p) == p


def test_protocol_from_strings() -> None:
    p = Protocol.from_strings(["Sit for 30 minutes", "Tiptoe 10 times"])
    assert p.steps == (Sit(1800), Tiptoe(10))
    assert p.duration_s == 1810.0
    with pytest.raises(ProtocolError, match=r"Protocol step 2 must be a string .* not Stand"):
        Protocol.from_strings(["Sit for 1 minute", Stand(60)])  # type: ignore[list-item]
    with pytest.raises(ProtocolError, match="at least one step"):
        Protocol.from_strings([])
    with pytest.raises(ProtocolError, match="needs a list of strings, not int"):
        Protocol.from_strings(3)  # type: ignore[arg-type]


def test_empty_protocol() -> None:
    empties: list[list[Step] | tuple[Step, ...] | Iterator[Step]] = [[], (), iter([])]
    for empty in empties:
        with pytest.raises(ProtocolError) as info:
            Protocol(empty)
        message = str(info.value)
        assert "at least one step" in message
        assert repr(EXAMPLES[0]) in message


@pytest.mark.parametrize(
    ("steps", "fragment"),
    [
        (["Sit for 1 minute", 42], "Protocol step 2 must be a string"),
        (["Sit for 1 minute", 42], "not int (42)"),
        ([None], "Protocol step 1 must be a string"),
        ([3.5], "not float (3.5)"),
        ([["Sit for 1 minute"]], "not list"),
    ],
)
def test_protocol_wrong_item_type(steps: list[object], fragment: str) -> None:
    with pytest.raises(ProtocolError) as info:
        Protocol(steps)  # type: ignore[arg-type]
    assert fragment in str(info.value)


@pytest.mark.parametrize("bad", [42, None, 3.5, b"Stand for 2 minutes", {"Sit for 1 min": 1}])
def test_protocol_wrong_container_type(bad: object) -> None:
    with pytest.raises(ProtocolError) as info:
        Protocol(bad)  # type: ignore[arg-type]
    assert f"not {type(bad).__name__}" in str(info.value)


def test_protocol_bad_string_names_step_number() -> None:
    with pytest.raises(ProtocolError) as info:
        Protocol(["Sit for 1 minute", "Walk at -5 steps/min for 3 minutes"])
    message = str(info.value)
    assert message.startswith("Protocol step 2: Invalid step 'Walk at -5 steps/min for 3 minutes'")
    assert "30 to 200 steps/min" in message
    with pytest.raises(ProtocolError) as info:
        Protocol(["Jump for 2 minutes"])
    assert "Protocol step 1: Could not understand step 'Jump for 2 minutes'" in str(info.value)


def test_as_protocol() -> None:
    p = Protocol(["Sit for 1 minute"])
    assert as_protocol(p) is p
    assert as_protocol("Sit for 1 minute") == p
    assert as_protocol(Sit(60)) == p
    assert as_protocol(["Sit for 1 minute", Stand(60)]).duration_s == 120.0
    assert as_protocol(("Sit for 1 minute",)) == p
    with pytest.raises(ProtocolError, match="not int"):
        as_protocol(5)  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="at least one step"):
        as_protocol([])
    with pytest.raises(ProtocolError, match=re.escape("Could not understand step 'Fly'")):
        as_protocol("Fly")


# ---------------------------------------------------------------------------
# Property tests: any valid typed step round-trips through its text
# ---------------------------------------------------------------------------


def _floats(lo: float, hi: float, *, exclude_min: bool = False) -> st.SearchStrategy[float]:
    return st.floats(
        min_value=lo,
        max_value=hi,
        exclude_min=exclude_min,
        allow_nan=False,
        allow_infinity=False,
    )


_durations = st.one_of(
    _floats(0.0, MAX_STEP_DURATION_S, exclude_min=True),
    st.integers(1, 604800).map(float),
    st.integers(1, 10080).map(lambda m: 60.0 * m),
    st.integers(1, 168).map(lambda h: 3600.0 * h),
)
_tilt_angles = st.one_of(_floats(0.0, 90.0), st.integers(0, 90))
_raise_angles = st.one_of(_floats(0.0, 90.0, exclude_min=True), st.integers(1, 90))

_steps: st.SearchStrategy[Step] = st.one_of(
    st.builds(Lie, _durations),
    st.builds(LieLegsRaised, _durations, _raise_angles),
    st.builds(Sit, _durations),
    st.builds(Stand, _durations),
    st.builds(Tilt, _durations, _tilt_angles),
    st.builds(Walk, _durations, st.one_of(_floats(30.0, 200.0), st.integers(30, 200))),
    st.builds(Tiptoe, st.integers(1, 1000), _floats(0.1, 3.0)),
)


@given(_steps)
def test_any_valid_step_round_trips_through_text(step: Step) -> None:
    parsed = parse_step(str(step))
    assert parsed == step
    assert type(parsed) is type(step)
    assert parsed.text == step.text
    assert parsed.duration_s == step.duration_s
    assert not re.search(r"\d[eE][+-]?\d", step.text)  # plain decimals, no exponent


@given(_steps, st.sampled_from(["", ".", " .", "  "]), st.booleans())
def test_round_trip_tolerates_case_and_decoration(step: Step, suffix: str, upper: bool) -> None:
    text = str(step)
    text = (text.upper() if upper else text.lower()) + suffix
    assert parse_step(text) == step


@given(st.lists(_steps, min_size=1, max_size=20))
def test_protocol_start_times_are_cumulative(steps: list[Step]) -> None:
    p = Protocol(steps)
    assert len(p.start_times_s) == len(p)
    assert p.start_times_s[0] == 0.0
    for i in range(1, len(p)):
        assert p.start_times_s[i] >= p.start_times_s[i - 1]
        assert p.start_times_s[i] == pytest.approx(p.start_times_s[i - 1] + p[i - 1].duration_s)
    assert p.duration_s == pytest.approx(p.start_times_s[-1] + p[-1].duration_s)
    assert p.duration_s == pytest.approx(math.fsum(s.duration_s for s in steps))
    assert Protocol([str(s) for s in steps]) == p


def test_calf_squeeze_parses_and_validates() -> None:
    from calfpump.protocol import CalfSqueeze

    step = parse_step("Squeeze the calf at 120 mmHg for 2.5 seconds")
    assert step == CalfSqueeze(2.5, 120.0)
    assert step.activity is Activity.SQUEEZE and step.posture is Posture.STANDING
    assert parse_step("squeeze calf for 3 s") == CalfSqueeze(3.0, 100.0)
    assert parse_step(str(CalfSqueeze(3.0, 80.0))) == CalfSqueeze(3.0, 80.0)
    with pytest.raises(ProtocolError, match=r"CalfSqueeze.pressure_mmHg = 5 .* 10 to 300 mmHg"):
        parse_step("Squeeze calf at 5 mmHg for 3 seconds")
    with pytest.raises(ProtocolError, match="CalfSqueeze.duration_s"):
        CalfSqueeze(601.0)


def test_repeated_blocks_expand() -> None:
    from calfpump.protocol import parse_steps

    p = Protocol(["Stand for 1 minute", "(Sit for 50 minutes, Walk at 100 steps/min for 10 minutes) x 8"])
    assert len(p) == 17
    assert p.duration_s == 60 + 8 * 3600
    assert [s.label for s in p][1:3] == ["Sit for 50 minutes", "Walk at 100 steps/min for 10 minutes"]
    assert parse_steps("(stand for 1 min) × 3") == (Stand(60.0),) * 3
    assert parse_steps("Stand for 1 minute") == (Stand(60.0),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Sit for 5 minutes) x 0", "repeat count 0"),
        ("(Sit for 5 minutes) x 2.5", "whole number"),
        ("((Sit for 5 minutes) x 2) x 2", "cannot be nested"),
        ("(Sit for 5 minutes, Jump for 2 minutes) x 2", "step 2: Could not understand step 'Jump for 2 minutes'"),
        ("(Sit for 5 minutes x 2", "A repeated block looks like"),
        ("(Sit for 5 minutes,) x 2", "empty step"),
        ("(Sit for 1 second) x 1000, ", "A repeated block looks like"),
    ],
)
def test_bad_blocks(text: str, expected: str) -> None:
    with pytest.raises(ProtocolError, match=re.escape(expected)):
        Protocol([text])


def test_cycle_step() -> None:
    from calfpump.protocol import Cycle

    step = parse_step("Cycle at 50 rpm for 10 minutes")
    assert step == Cycle(600.0, 50.0) and step.posture is Posture.CYCLING and step.activity is Activity.CYCLE
    assert parse_step(str(Cycle(90.0, 72.5))) == Cycle(90.0, 72.5)
    with pytest.raises(ProtocolError, match=r"Cycle.cadence_rpm = 400 .* 20 to 150 rpm"):
        parse_step("Cycle at 400 rpm for 1 minute")


def test_ankle_pumps_step() -> None:
    from calfpump.protocol import AnklePumps

    step = parse_step("Ankle pumps 20 times at 0.5 Hz")
    assert step == AnklePumps(20, 0.5) and step.duration_s == 40.0
    assert step.posture is Posture.SITTING and step.activity is Activity.ANKLE_PUMP
    assert parse_step("ankle pump 1 time") == AnklePumps(1, 0.5)
    assert parse_step(str(AnklePumps(7, 1.5))) == AnklePumps(7, 1.5)
    with pytest.raises(ProtocolError, match="AnklePumps.count"):
        parse_step("Ankle pumps 0 times")


def test_swim_step() -> None:
    from calfpump.protocol import Swim

    assert parse_step("Swim for 20 minutes") == Swim(1200.0, 60.0)
    step = parse_step("swim at 90 kicks/min for 5 min")
    assert step == Swim(300.0, 90.0) and step.posture is Posture.PRONE_SWIMMING
    assert step.activity is Activity.SWIM
    with pytest.raises(ProtocolError, match="Swim.kicks_per_min"):
        parse_step("Swim at 500 kicks/min for 1 minute")


def test_walk_at_habitual_cadence() -> None:
    step = parse_step("Walk for 10 minutes")
    assert step == Walk(600.0) and step.cadence_spm is None
    assert step.text == "Walk for 10 minutes" and parse_step(step.text) == step
