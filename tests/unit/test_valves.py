"""Unit tests for calfpump.valves: Mynard-type valve state and open fraction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calfpump.parameters import VALVE_SPECS
from calfpump.valves import DP_SAT_MMHG, open_fraction, zeta_rate

ZETA = st.floats(0.0, 1.0)
ANY_ZETA = st.floats(-2.0, 3.0)  # integrator stages may probe outside [0, 1]
INCOMPETENCE = st.floats(VALVE_SPECS["incompetence"].low, VALVE_SPECS["incompetence"].high)
RATE = st.floats(VALVE_SPECS["open_rate"].low, VALVE_SPECS["open_rate"].high)
DP = st.floats(-1e4, 1e4)


# ---------------------------------------------------------------- open_fraction


def test_open_fraction_examples() -> None:
    assert open_fraction(0.0, 0.0) == 0.0
    assert open_fraction(1.0, 0.0) == 1.0
    assert open_fraction(0.0, 0.3) == pytest.approx(0.3)
    assert open_fraction(0.5, 0.0) == pytest.approx(0.5)
    assert open_fraction(0.5, 0.5) == pytest.approx(0.75)


@settings(max_examples=200, deadline=None)
@given(zeta=ANY_ZETA, inc=INCOMPETENCE)
def test_open_fraction_bounds(zeta: float, inc: float) -> None:
    a = open_fraction(zeta, inc)
    assert inc - 1e-15 <= a <= 1.0 + 1e-15


@settings(max_examples=100, deadline=None)
@given(inc=INCOMPETENCE)
def test_open_fraction_closed_and_open(inc: float) -> None:
    assert open_fraction(0.0, inc) == pytest.approx(inc, abs=1e-15)
    assert open_fraction(1.0, inc) == pytest.approx(1.0, abs=1e-15)
    # zeta is clipped to [0, 1]
    assert open_fraction(-0.5, inc) == open_fraction(0.0, inc)
    assert open_fraction(1.5, inc) == open_fraction(1.0, inc)


@settings(max_examples=100, deadline=None)
@given(z1=ZETA, z2=ZETA, inc=INCOMPETENCE)
def test_open_fraction_monotone_in_zeta(z1: float, z2: float, inc: float) -> None:
    lo, hi = sorted((z1, z2))
    assert open_fraction(lo, inc) <= open_fraction(hi, inc) + 1e-15


@settings(max_examples=50, deadline=None)
@given(zeta=ANY_ZETA)
def test_absent_valve_is_always_open(zeta: float) -> None:
    assert open_fraction(zeta, 1.0) == pytest.approx(1.0, abs=1e-15)


@settings(max_examples=100, deadline=None)
@given(zeta=ZETA, i1=INCOMPETENCE, i2=INCOMPETENCE)
def test_more_incompetent_valve_leaks_more(zeta: float, i1: float, i2: float) -> None:
    lo, hi = sorted((i1, i2))
    assert open_fraction(zeta, lo) <= open_fraction(zeta, hi) + 1e-15


# ---------------------------------------------------------------- zeta_rate


def test_zeta_rate_doc_example() -> None:
    assert zeta_rate(0.5, 1.0, 1.0, 2.0) == pytest.approx(0.5 * 1.0 / 1.1, rel=1e-15)


@settings(max_examples=100, deadline=None)
@given(zeta=ANY_ZETA, ko=RATE, kc=RATE)
def test_zeta_rate_zero_without_pressure_difference(zeta: float, ko: float, kc: float) -> None:
    assert zeta_rate(zeta, 0.0, ko, kc) == 0.0


@settings(max_examples=200, deadline=None)
@given(zeta=st.floats(0.0, 1.0 - 1e-9), dp=st.floats(1e-6, 1e4), ko=RATE, kc=RATE)
def test_zeta_rate_opens_on_forward_pressure(zeta: float, dp: float, ko: float, kc: float) -> None:
    assert zeta_rate(zeta, dp, ko, kc) > 0.0


@settings(max_examples=200, deadline=None)
@given(zeta=st.floats(1e-9, 1.0), dp=st.floats(-1e4, -1e-6), ko=RATE, kc=RATE)
def test_zeta_rate_closes_on_back_pressure(zeta: float, dp: float, ko: float, kc: float) -> None:
    assert zeta_rate(zeta, dp, ko, kc) < 0.0


@settings(max_examples=100, deadline=None)
@given(dp=DP, ko=RATE, kc=RATE)
def test_zeta_rate_stops_at_the_ends(dp: float, ko: float, kc: float) -> None:
    # a fully open valve does not open further, a closed one does not close further
    if dp > 0:
        assert zeta_rate(1.0, dp, ko, kc) == 0.0
        assert zeta_rate(1.7, dp, ko, kc) == 0.0
    else:
        assert zeta_rate(0.0, dp, ko, kc) == 0.0
        assert zeta_rate(-0.3, dp, ko, kc) == 0.0


@settings(max_examples=300, deadline=None)
@given(zeta=ANY_ZETA, dp=st.floats(-1e12, 1e12), ko=RATE, kc=RATE)
def test_zeta_rate_saturates(zeta: float, dp: float, ko: float, kc: float) -> None:
    rate = zeta_rate(zeta, dp, ko, kc)
    k = ko if dp > 0 else kc
    assert abs(rate) <= k * DP_SAT_MMHG
    assert abs(rate) <= max(ko, kc) * DP_SAT_MMHG


def test_zeta_rate_approaches_the_saturation_bound() -> None:
    ko, kc = 3.0, 7.0
    assert zeta_rate(0.0, 1e9, ko, kc) == pytest.approx(ko * DP_SAT_MMHG, rel=1e-6)
    assert zeta_rate(1.0, -1e9, ko, kc) == pytest.approx(-kc * DP_SAT_MMHG, rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(zeta=ZETA, dp=st.floats(0.0, 1e3), ko=RATE)
def test_zeta_rate_is_mynard_below_saturation(zeta: float, dp: float, ko: float) -> None:
    want = (1.0 - zeta) * ko * dp / (1.0 + dp / DP_SAT_MMHG)
    assert zeta_rate(zeta, dp, ko, 1.0) == pytest.approx(want, rel=1e-12, abs=1e-300)
