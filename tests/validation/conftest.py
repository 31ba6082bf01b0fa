"""Fixtures shared by the validation tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from calfpump import ParameterValues
from calfpump.avp import AVPResult, ambulatory_venous_pressure


@pytest.fixture(scope="session")
def avp_by_exercise() -> Callable[[str, str], AVPResult]:
    """``run(preset, exercise)``: the preset's AVP test with ``"tiptoe"`` or ``"walk"``, run once
    per session and shared by the test files that compare presets."""
    cache: dict[tuple[str, str], AVPResult] = {}

    def run(name: str, exercise: str) -> AVPResult:
        if (name, exercise) not in cache:
            cache[name, exercise] = ambulatory_venous_pressure(ParameterValues.preset(name), exercise=exercise)
        return cache[name, exercise]

    return run
