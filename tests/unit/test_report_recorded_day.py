"""The report's recorded day walks a wearable's minutes as ``calfpump day`` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from calfpump import report
from calfpump.day import day_protocol
from calfpump.errors import ParameterError
from calfpump.person import Person
from calfpump.protocol import Walk
from calfpump.timeline import minute_table
from calfpump.wearables import read_steps


def test_minutes_with_few_steps_walk_at_the_persons_cadence(tmp_path: Path) -> None:
    path = tmp_path / "steps.csv"
    path.write_text("timestamp,steps\n2024-07-01 08:00,30\n2024-07-01 08:01,30\n2024-07-01 12:00,110\n")
    cadence = Person(heel_pain=6).parameters("healthy")["habitual_cadence_spm"]
    assert cadence != 100.0  # heel pain slows the habitual cadence
    proto, _ = report._recorded_day(path, cadence)
    walks = [s for s in proto if isinstance(s, Walk)]
    # 30 steps a minute: walking at the person's cadence for part of each minute
    assert any(abs(s.cadence_spm - round(cadence)) <= 1 for s in walks), [s.text for s in walks]
    # a busy minute is walked at its own count
    assert any(s.cadence_spm == 110 for s in walks)
    # the same protocol as calfpump day builds from the same file and person
    table = minute_table(read_steps(path), None)
    assert [s.text for s in proto] == [s.text for s in day_protocol(table, habitual_cadence_spm=cadence)]


def test_build_report_refuses_a_base_that_carries_a_gait() -> None:
    # the plantar-fasciitis preset is heel pain 6 on healthy veins; the person on top would
    # replace its gait with a pain-free one without a word
    with pytest.raises(ParameterError, match="plantar-fasciitis.*sets a person's gait"):
        report.build_report(Person(), base="plantar-fasciitis")
