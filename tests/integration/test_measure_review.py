"""Outputs of the virtual tests and the day simulator against their definitions (review)."""

from __future__ import annotations

import numpy as np
import pytest

from calfpump.day import simulate_day
from calfpump.protocol import Protocol, Stand, Walk


@pytest.mark.parametrize("method", ["fast", "full"])
def test_day_minutes_hold_sixty_seconds_when_a_step_ends_between_samples(method: str) -> None:
    # day_protocol turns a minute of 7 steps into 4.2 s of walking and 55.8 s of standing: the
    # step boundaries fall between the 1 s samples of rest, whose intervals crossed minute ends
    # and were booked whole to the later minute (a minute of 60.8 s with 60.8 s above 50 mmHg)
    proto = Protocol([Stand(60.0), Walk(4.2, 100.0), Stand(235.8)])
    m = simulate_day(proto, method=method).minutes
    assert np.allclose(m["duration_s"], 60.0, atol=1e-9), m["duration_s"].tolist()
    assert (m["foot_above_50_s"] <= m["duration_s"] + 1e-9).all(), m["foot_above_50_s"].tolist()
