"""The validation table covers every target and never widens a published range."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from calfpump.validation import EXPERIMENTS, SKIP_REASONS, load_targets, validate

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "targets.csv"


def test_every_target_has_an_experiment_or_a_reason() -> None:
    ids = {t["id"] for t in load_targets()}
    assert ids <= set(EXPERIMENTS) | set(SKIP_REASONS)


def test_ranges_are_the_papers() -> None:
    """The project's copy keeps every cell of the shared reference (only a note column is added)."""
    if not SHARED.is_file():
        pytest.skip(f"shared reference not found at {SHARED}")
    ours = {t["id"]: t for t in load_targets()}
    with SHARED.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key, value in row.items():
                assert ours[row["id"]][key] == value, (row["id"], key)
    added = set(ours) - {row["id"] for row in csv.DictReader(SHARED.open(encoding="utf-8"))}
    assert all("Added by the project" in ours[i]["note"] for i in added)


def test_quick_rows() -> None:
    rows = validate(only=["supine_calf_pressure", "reflux_time_superficial_cutoff", "kf_calf"])
    status = {r.id: r.status for r in rows}
    assert status == {"supine_calf_pressure": "pass", "reflux_time_superficial_cutoff": "pass",
                      "kf_calf": "skip"}
