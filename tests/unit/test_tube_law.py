"""Unit tests for calfpump.tube_law: the collapsible-vein tube law."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calfpump.parameters import NODE_SPECS
from calfpump.tube_law import (
    EPS,
    collapse_conductance_factor,
    transmural_pressure,
    volume_at_pressure,
)


def _spec_range(key: str) -> st.SearchStrategy[float]:
    spec = NODE_SPECS[key]
    return st.floats(spec.low, spec.high, allow_nan=False, allow_infinity=False)


V0 = _spec_range("V0_mL")
K = _spec_range("stiffness_mmHg")
KC = _spec_range("collapse_stiffness_mmHg")
M = _spec_range("distension_exponent")
N = _spec_range("collapse_exponent")

#: Relative volumes x = V/V0 spanning the linear continuation, collapse and distension.
X_GRID = np.logspace(-5.0, math.log10(2.0), 300)


def _law(x: float, k: float, kc: float, m: float, n: float) -> float:
    """The tube law written directly (no linear continuation)."""
    return k * (x**m - 1.0) - kc * (x ** (-n) - 1.0)


def _scale(x: float, k: float, kc: float, m: float, n: float) -> float:
    """Size of the terms of the law at x: a scale for relative tolerances."""
    return k * (x**m + 1.0) + kc * (x ** (-n) + 1.0)


# ---------------------------------------------------------------- transmural_pressure


def test_zero_at_reference_volume_usual_exponents() -> None:
    assert transmural_pressure(100.0, 100.0, 2.0, 0.5, 10.0, 1.5) == 0.0


@settings(max_examples=100, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N)
def test_zero_at_reference_volume(v0: float, k: float, kc: float, m: float, n: float) -> None:
    assert transmural_pressure(v0, v0, k, kc, m, n) == pytest.approx(0.0, abs=1e-12 * (k + kc))


def test_sign_below_and_above_reference_volume() -> None:
    assert transmural_pressure(50.0, 100.0, 2.0, 0.5, 10.0, 1.5) < 0.0
    assert transmural_pressure(150.0, 100.0, 2.0, 0.5, 10.0, 1.5) > 0.0


@settings(max_examples=100, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N)
def test_monotone_increasing_in_volume(v0: float, k: float, kc: float, m: float, n: float) -> None:
    p = np.array([transmural_pressure(x * v0, v0, k, kc, m, n) for x in X_GRID])
    assert np.all(np.isfinite(p))
    assert np.all(np.diff(p) > 0.0)


@settings(max_examples=100, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N, x=st.floats(EPS, 2.0))
def test_matches_the_written_law_above_eps(
    v0: float, k: float, kc: float, m: float, n: float, x: float
) -> None:
    got = transmural_pressure(x * v0, v0, k, kc, m, n)
    want = _law(x, k, kc, m, n)
    assert abs(got - want) <= 1e-10 * _scale(x, k, kc, m, n)


@settings(max_examples=100, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N)
def test_continuous_with_continuous_slope_at_eps(
    v0: float, k: float, kc: float, m: float, n: float
) -> None:
    le = math.log(EPS)
    slope = k * m * math.exp((m - 1.0) * le) + kc * n * math.exp((-n - 1.0) * le)  # dP/dx at EPS
    p_eps = _law(EPS, k, kc, m, n)
    delta = 1e-9
    below = transmural_pressure(EPS * (1.0 - delta) * v0, v0, k, kc, m, n)
    above = transmural_pressure(EPS * (1.0 + delta) * v0, v0, k, kc, m, n)
    # no jump: both sides within the change the slope allows over the gap (plus rounding)
    tol = 4.0 * slope * EPS * delta + 1e-10 * abs(p_eps) + 1e-12
    assert abs(below - p_eps) <= tol
    assert abs(above - p_eps) <= tol
    # continuous slope (C1): finite differences on either side agree
    h = 1e-6
    left = (
        transmural_pressure(EPS * (1.0 - h) * v0, v0, k, kc, m, n)
        - transmural_pressure(EPS * (1.0 - 2 * h) * v0, v0, k, kc, m, n)
    ) / (EPS * h)
    right = (
        transmural_pressure(EPS * (1.0 + 2 * h) * v0, v0, k, kc, m, n)
        - transmural_pressure(EPS * (1.0 + h) * v0, v0, k, kc, m, n)
    ) / (EPS * h)
    assert left == pytest.approx(slope, rel=1e-3)
    assert right == pytest.approx(slope, rel=1e-3)


@settings(max_examples=50, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N, x=st.floats(-1.0, EPS, exclude_max=True))
def test_linear_continuation_below_eps(
    v0: float, k: float, kc: float, m: float, n: float, x: float
) -> None:
    le = math.log(EPS)
    slope = k * m * math.exp((m - 1.0) * le) + kc * n * math.exp((-n - 1.0) * le)
    want = _law(EPS, k, kc, m, n) + slope * (x - EPS)
    got = transmural_pressure(x * v0, v0, k, kc, m, n)
    assert got == pytest.approx(want, rel=1e-9, abs=1e-9 * slope * EPS)


@settings(max_examples=100, deadline=None)
@given(v0=V0, k=K, kc=KC, x=st.floats(EPS, 2.0))
def test_fast_path_equals_general_formula(v0: float, k: float, kc: float, x: float) -> None:
    v = x * v0
    fast = transmural_pressure(v, v0, k, kc, 10.0, 1.5)
    # m = 10.0000001 is not the fast path's exact exponent: the general (exp/log) branch runs
    general = transmural_pressure(v, v0, k, kc, 10.0000001, 1.5)
    scale = _scale(x, k, kc, 10.0, 1.5)
    assert abs(fast - general) <= 1e-6 * scale
    # and the fast path is the law itself to rounding
    assert abs(fast - _law(x, k, kc, 10.0, 1.5)) <= 1e-12 * scale


# ---------------------------------------------------------------- volume_at_pressure


def test_volume_at_pressure_doc_example() -> None:
    v = volume_at_pressure(20.0, 100.0, 2.0, 0.5, 10.0, 1.5)
    assert v > 100.0
    assert transmural_pressure(v, 100.0, 2.0, 0.5, 10.0, 1.5) == pytest.approx(20.0, abs=1e-9)
    assert volume_at_pressure(0.0, 100.0, 2.0, 0.5, 10.0, 1.5) == pytest.approx(100.0, rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N, lx=st.floats(math.log(EPS * 1.001), math.log(2.0)))
def test_volume_at_pressure_inverts_transmural_pressure(
    v0: float, k: float, kc: float, m: float, n: float, lx: float
) -> None:
    v = v0 * math.exp(lx)
    p = transmural_pressure(v, v0, k, kc, m, n)
    v_back = volume_at_pressure(p, v0, k, kc, m, n)
    assert v_back == pytest.approx(v, rel=1e-8)
    scale = _scale(math.exp(lx), k, kc, m, n)
    assert abs(transmural_pressure(v_back, v0, k, kc, m, n) - p) <= 1e-8 * scale


@settings(max_examples=50, deadline=None)
@given(v0=V0, k=K, kc=KC, m=M, n=N, p=st.floats(-5.0, 80.0))
def test_volume_at_pressure_is_monotone(
    v0: float, k: float, kc: float, m: float, n: float, p: float
) -> None:
    assert volume_at_pressure(p, v0, k, kc, m, n) < volume_at_pressure(p + 1.0, v0, k, kc, m, n)


# ---------------------------------------------------------------- collapse_conductance_factor


@pytest.mark.parametrize(
    ("v", "v0", "want"),
    [
        (50.0, 100.0, 0.25),
        (100.0, 100.0, 1.0),
        (150.0, 100.0, 1.0),
        (10.0, 100.0, 0.01),
        (0.0, 100.0, 0.0),
        (-5.0, 100.0, 0.0),
    ],
)
def test_collapse_conductance_factor_values(v: float, v0: float, want: float) -> None:
    assert collapse_conductance_factor(v, v0) == pytest.approx(want, rel=1e-15)


@settings(max_examples=100, deadline=None)
@given(v0=V0, x=st.floats(-1.0, 5.0))
def test_collapse_conductance_factor_bounds(v0: float, x: float) -> None:
    c = collapse_conductance_factor(x * v0, v0)
    assert 0.0 <= c <= 1.0
    assert c == pytest.approx(min(max(x, 0.0), 1.0) ** 2, rel=1e-12, abs=1e-300)
