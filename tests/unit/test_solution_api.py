"""The Solution and BatchSummary API at its edges (review of issue 3's outputs).

Unknown names, steps shorter than the sample interval, step labels typed over two lines or with
quotes and accents, a batch of one person and a protocol whose block repeats its labels.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import calfpump
from calfpump.parameters import ParameterValues
from calfpump.protocol import Protocol, Stand, parse_step
from calfpump.solution import BatchSummary, Solution

#: A label typed over two lines parses (the step grammar's spaces match a line break).
TWO_LINE_STEP = "Stand for\n1 second"
ODD_LABEL = 'Stand "still", café — 0.01 s'


@pytest.fixture(scope="module")
def odd_solution(healthy: ParameterValues) -> Solution:
    steps = [parse_step(TWO_LINE_STEP), Stand(0.01, source_text=ODD_LABEL), "Walk at 200 steps/min for 2 seconds"]
    return calfpump.simulate(Protocol(steps), healthy, settle_s=5.0, save_every_s=5.0)


def test_a_label_over_two_lines_is_one_step_in_the_parquet_metadata(tmp_path: Path, odd_solution: Solution) -> None:
    """The labels come back exactly (JSON list), and the text form has one line per step."""
    target = odd_solution.to_parquet(tmp_path / "odd.parquet")
    meta = pq.read_schema(target).metadata
    labels = [s.label for s in odd_solution.protocol]
    assert labels[0] == TWO_LINE_STEP and labels[1] == ODD_LABEL
    assert json.loads(meta[b"calfpump.steps"].decode()) == labels
    lines = meta[b"calfpump.protocol"].decode().split("\n")
    assert lines == ["Stand for 1 second", ODD_LABEL, "Walk at 200 steps/min for 2 seconds"]


def test_a_step_shorter_than_the_sample_interval_has_its_statistics(odd_solution: Solution) -> None:
    """Every step is sampled at its start and end, so a 0.01 s step within a 5 s interval has
    finite statistics (no empty step, no NaN)."""
    assert set(np.unique(odd_solution.sample_step)) == {0, 1, 2}
    for row in odd_solution.step_summary():
        assert all(np.isfinite(v) for k, v in row.items() if k != "step")


@pytest.mark.parametrize(
    ("accessor", "name", "listed"),
    [("pressure", "calf", "deep_calf"), ("volume", "saphenous", "superficial_calf"),
     ("flow", "ankle", "popliteal_valve")],
)
def test_unknown_names_list_the_valid_ones(odd_solution: Solution, accessor: str, name: str, listed: str) -> None:
    with pytest.raises(KeyError, match=listed) as err:
        getattr(odd_solution, accessor)(name)
    assert repr(name) in str(err.value)


def test_accessors_still_read_the_named_series(odd_solution: Solution) -> None:
    np.testing.assert_array_equal(odd_solution.pressure("ankle"), odd_solution["ankle.pressure"])
    np.testing.assert_array_equal(odd_solution.volume("interstitium"), odd_solution["interstitium.volume"])
    np.testing.assert_array_equal(odd_solution.flow("popliteal_valve"), odd_solution["popliteal_valve.flow"])


def test_to_pandas_columns_are_unique_and_carry_units(odd_solution: Solution) -> None:
    frame = odd_solution.to_pandas()
    assert frame.columns.is_unique
    assert len(frame.columns) == len(odd_solution) + 2  # time_s, step
    units = odd_solution.units
    assert all(f"{k} [{u}]" in frame.columns for k, u in units.items())


def test_a_batch_of_one_person_with_a_repeated_block(healthy: ParameterValues) -> None:
    """Repeated labels (a block) stay apart in the long table by their step index."""
    protocol = Protocol(["(Stand for 2 seconds, Walk at 100 steps/min for 2 seconds) x 2"])
    summary = calfpump.simulate_batch(protocol, [healthy], settle_s=5.0)
    assert isinstance(summary, BatchSummary)
    assert summary.get("ankle.pressure", "mean").shape == (1, 4)
    table = summary.to_pandas()
    assert list(table["step_index"].unique()) == [0, 1, 2, 3]
    rows = table[table["quantity"] == "ankle.pressure"]
    assert len(rows) == 4 and not rows.duplicated(["person", "step_index", "quantity"]).any()
    assert list(rows["step"]) == [s.label for s in protocol]


@pytest.mark.parametrize("batch", [False, True])
def test_a_person_given_as_parameters_says_how_to_map_it(batch: bool) -> None:
    """A Person is not model parameters: the error says to map it with Person.parameters, for one
    person and for a batch (where a single Person used to read as 'not tuple', pydantic models
    being iterable)."""
    from calfpump.errors import ParameterError
    from calfpump.person import Person

    person = Person(heel_pain=6)
    for given in (person, [person]) if batch else (person,):
        with pytest.raises(ParameterError, match=r"Person.*\.parameters\(") as err:
            if batch:
                calfpump.simulate_batch("Stand for 2 seconds", given, settle_s=1.0)  # type: ignore[arg-type]
            else:
                calfpump.simulate("Stand for 2 seconds", given, settle_s=1.0)  # type: ignore[arg-type]
        assert "tuple" not in str(err.value)
