"""The sample grid and the output tables: findings of the numerics review."""

from __future__ import annotations

import numpy as np
import pytest

from calfpump.drive import build_drive
from calfpump.protocol import Protocol, Stand
from calfpump.simulation import sample_grid


@pytest.mark.parametrize(
    ("first_s", "rest_s", "save_at_s"),
    [
        (1e-12, 1.0, None),
        (1e-4, 7 * 24 * 3600.0, None),  # under 1e-9 of a week's protocol
        (1e-12, 1.0, [0.5]),
    ],
)
def test_a_very_short_first_step_still_starts_with_a_sample(
    first_s: float, rest_s: float, save_at_s: list[float] | None
) -> None:
    """Every step has a sample at its start and one at its end, the first step too however
    short it is (a sample at t = 0 near the first step's end was dropped)."""
    proto = Protocol([Stand(duration_s=first_s), Stand(duration_s=rest_s)])
    grid = sample_grid(build_drive(proto, 10.0), 3600.0, save_at_s)
    first = grid.t[grid.step == 0]
    assert first[0] == 0.0 and first[-1] == first_s
    second = grid.t[grid.step == 1]
    assert second[0] == first_s and second[-1] == first_s + rest_s
    assert np.all(np.diff(grid.t) >= 0.0)
    assert np.all(np.diff(grid.step) >= 0)


def test_a_batch_summary_table_names_each_quantity_s_unit() -> None:
    """A Solution's table names its units (``ankle.pressure [mmHg]``); a batch summary's long
    table says the unit of each row's quantity, and ``units`` maps each quantity to it."""
    from calfpump.solution import BatchSummary
    from calfpump.solver import N_STATS

    quantities = ("ankle.pressure", "ankle.volume", "interstitium.volume", "interstitium.pressure")
    proto = Protocol([Stand(duration_s=1.0)])
    summary = BatchSummary(np.zeros((2, 1, len(quantities), N_STATS)), quantities, proto, {})
    assert summary.units == {"ankle.pressure": "mmHg", "ankle.volume": "mL",
                             "interstitium.volume": "mL", "interstitium.pressure": "mmHg"}
    table = summary.to_pandas()
    assert list(table["unit"]) == ["mmHg", "mL", "mL", "mmHg"] * 2
