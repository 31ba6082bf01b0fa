"""Shared fixtures of the calfpump test suite."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from calfpump.parameters import ParameterValues

#: A protocol with every kind of step (posture, walking, heel raises, tilt).
ALL_STEP_KINDS: tuple[str, ...] = (
    "Lie for 1 minute",
    "Stand for 1 minute",
    "Walk at 100 steps/min for 1 minute",
    "Tiptoe 10 times at 1 Hz",
    "Sit for 1 minute",
    "Lie with legs raised 30 degrees for 1 minute",
    "Tilt 60 degrees for 30 seconds",
)


@pytest.fixture(scope="session")
def healthy() -> ParameterValues:
    """The built-in healthy parameter set."""
    return ParameterValues.preset("healthy")


@pytest.fixture(scope="session")
def targets() -> dict[str, dict[str, str]]:
    """Rows of calfpump/data/targets.csv keyed by their ``id``."""
    text = (resources.files("calfpump") / "data" / "targets.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {row["id"]: row for row in rows}
