"""Review of calfpump.programme's outputs: what the tables say matches what the laws compute."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

from calfpump import ParameterError, Person, simulate_programme
from calfpump.programme import APG_COLUMNS, checkpoint_days, symptomatic_fraction


def test_capped_strength_and_range_detrain_from_the_day_training_stops() -> None:
    """The daily table capped calf strength at 2 and the ankle range at 80 degrees, but the state
    behind it went on above the cap (a leg of strength 1.8 trained to 2.3). After stopping, the
    table then stayed flat at the cap for weeks (strength: about 80 days) while the hidden state
    came back down: detraining did not show. The cap is on the state (docs/programme.md: "Strength
    is capped at the Person's limit 2, the range at 80 degrees"), so it falls from the stop day."""
    s = simulate_programme(Person(calf_strength=1.8), ["calf exercise 3/week for 26 weeks"], days=200,
                           apg_every_days=None).daily["calf_strength"].to_numpy()
    assert s.max() == 2.0 and s[182] == 2.0
    assert np.all(np.diff(s[182:]) < 0)  # detraining from day 182 on
    r = simulate_programme(Person(ankle_rom_deg=79.0), ["stretch calves 7/week for 6 weeks"], days=60,
                           apg_every_days=None).daily["ankle_rom_deg"].to_numpy()
    assert r.max() == 80.0 and r[42] == 80.0
    assert np.all(np.diff(r[42:]) < 0)


def test_uncapped_legs_are_unchanged_by_the_cap() -> None:
    """Below the caps the laws are as documented: +21 % at 12 weeks, +28 % at 26 (tau 10 weeks)."""
    s = simulate_programme(Person(), ["calf exercise 3/week for 26 weeks"], days=182,
                           apg_every_days=None).daily["calf_strength"].to_numpy()
    assert s[84] == pytest.approx(1.0 + 0.30 * (1.0 - np.exp(-84 / 70)), rel=1e-12)
    assert s[182] == pytest.approx(1.0 + 0.30 * (1.0 - np.exp(-182 / 70)), rel=1e-12)


def test_table_columns_keep_one_type_whatever_the_programme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``exercise_per_week`` and ``stretch_per_week`` were integers when no block of that kind was
    in the programme and floats otherwise, and the APG columns of :meth:`to_pandas` were objects
    (Parquet type null) when no checkpoint ran: two runs wrote Parquet files of different
    schemas. They are floats always."""
    bare = simulate_programme(Person(), [], days=7, apg_every_days=None)
    full = simulate_programme(Person(), ["calf exercise 3/week", "stretch calves 5/week"], days=7,
                              apg_every_days=7)
    for res in (bare, full):
        assert res.daily["exercise_per_week"].dtype == np.float64
        assert res.daily["stretch_per_week"].dtype == np.float64
        frame = res.to_pandas()
        for col in APG_COLUMNS:
            assert frame[col].dtype == np.float64, col
        assert res.checkpoints["day"].dtype == np.int64
    bare.to_parquet(tmp_path / "bare.parquet")
    full.to_parquet(tmp_path / "full.parquet")
    assert pq.read_schema(tmp_path / "bare.parquet").remove_metadata() == \
        pq.read_schema(tmp_path / "full.parquet").remove_metadata()


def test_helpers_refuse_days_they_cannot_mean() -> None:
    """``checkpoint_days(-5, 5)`` raised IndexError and ``checkpoint_days(10.5, 3)`` TypeError;
    ``symptomatic_fraction(-365)`` returned 1.3, a fraction above 1."""
    with pytest.raises(ParameterError, match="days = -5"):
        checkpoint_days(-5, 5)
    with pytest.raises(ParameterError, match="days = 10.5"):
        checkpoint_days(10.5, 3)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="days = -365"):
        symptomatic_fraction(-365)
    assert checkpoint_days(0, 5) == [0] and symptomatic_fraction(0) == 1.0
