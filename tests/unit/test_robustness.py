"""Bad input gets a clear calfpump error, never a traceback from deep inside."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from calfpump import ParameterValues, parse_step
from calfpump.errors import ParameterError, ProtocolError
from calfpump.parameters import parameter_specs

HEALTHY = ParameterValues.preset("healthy")
NAMES = sorted(parameter_specs())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_gets_a_protocol_error(text: str) -> None:
    try:
        step = parse_step(text)
    except ProtocolError as exc:
        assert str(exc)
    else:
        assert step.duration_s > 0


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789 .-+", max_size=8),
    st.sampled_from(["Walk at {} steps/min for 1 minute", "Stand for {} minutes", "Tiptoe {} times at 1 Hz",
                     "Lie with legs raised {} degrees for 1 minute", "Squeeze calf at {} mmHg for 3 seconds"]),
)
def test_numbers_in_steps_are_checked(number: str, template: str) -> None:
    text = template.format(number)
    try:
        parse_step(text)
    except ProtocolError as exc:
        assert repr(text) in str(exc) or "Protocol" in type(exc).__name__


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAMES), st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                                         st.text(max_size=5), st.none(), st.booleans()))
def test_any_parameter_value_is_accepted_in_range_or_refused_by_name(name: str, value: object) -> None:
    spec = parameter_specs()[name]
    try:
        updated = HEALTHY.update({name: value})
    except ParameterError as exc:
        assert name in str(exc)
    else:
        x = updated[name]
        assert math.isfinite(x) and spec.low <= x <= spec.high


def test_api_misuse_gets_calfpump_errors() -> None:
    import pytest

    import calfpump
    from calfpump import Node, SolverOptions

    cases = [
        lambda: SolverOptions(rtol=0),
        lambda: SolverOptions(atol=True),
        lambda: Node("x", "d", "arm", 0.5),
        lambda: calfpump.simulate("Stand for 10 seconds", save_every_s="0.1"),
        lambda: calfpump.simulate("Stand for 10 seconds", settle_s=None),
        lambda: calfpump.simulate("Stand for 10 seconds", options="x"),
        lambda: calfpump.simulate("Stand for 10 seconds", save_at_s="abc"),
        lambda: HEALTHY.update("x"),
        lambda: calfpump.simulate("Stand for 100 hours", save_every_s=0.01),  # a 26 GB trace
    ]
    for case in cases:
        with pytest.raises(calfpump.CalfpumpError):
            case()
