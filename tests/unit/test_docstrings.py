"""Every runnable example in the public docstrings runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "calfpump", "calfpump.errors", "calfpump.units", "calfpump.tube_law", "calfpump.valves", "calfpump.hydrostatics",
    "calfpump.gait", "calfpump.network", "calfpump.parameters", "calfpump.protocol",
    "calfpump.drive", "calfpump.model", "calfpump.simulation", "calfpump.solution",
    "calfpump.io", "calfpump.plotting", "calfpump.reference", "calfpump.avp", "calfpump.apg",
    "calfpump.reflux", "calfpump.validation", "calfpump.person", "calfpump.plantar_fasciitis",
    "calfpump.footwear", "calfpump.arch", "calfpump.wearables", "calfpump.schedule", "calfpump.timeline",
    "calfpump.programme", "calfpump.day", "calfpump.interstitium",
    "calfpump.report", "calfpump.kernels",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
