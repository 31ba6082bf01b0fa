"""Unit tests for calfpump.io.atomic_write and Solution.to_parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

import calfpump
from calfpump.errors import CalfpumpError, OutputError
from calfpump.io import atomic_write
from calfpump.parameters import ParameterValues
from calfpump.solution import Solution


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- atomic_write


def test_atomic_write_success(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with atomic_write(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp != target
        tmp.write_text("hello")
        assert not target.exists()  # nothing visible until the body succeeds
    assert target.read_text() == "hello"
    assert _listing(tmp_path) == ["a.txt"]


def test_atomic_write_accepts_str(tmp_path: Path) -> None:
    with atomic_write(str(tmp_path / "b.txt")) as tmp:
        tmp.write_text("x")
    assert (tmp_path / "b.txt").read_text() == "x"


def test_atomic_write_body_raises_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with pytest.raises(RuntimeError, match="boom"), atomic_write(target) as tmp:
        tmp.write_text("half written")
        raise RuntimeError("boom")
    assert not target.exists()
    assert _listing(tmp_path) == []


def test_atomic_write_body_raises_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(ValueError), atomic_write(target) as tmp:
        tmp.write_text("new")
        raise ValueError("stop")
    assert target.read_text() == "old"
    assert _listing(tmp_path) == ["a.txt"]


def test_atomic_write_replaces_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with atomic_write(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert _listing(tmp_path) == ["a.txt"]


def test_atomic_write_body_oserror_becomes_output_error(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with pytest.raises(OutputError, match="a.txt"), atomic_write(target):
        raise OSError(28, "No space left on device")
    assert _listing(tmp_path) == []


def test_atomic_write_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "a.txt"
    with pytest.raises(OutputError, match="does not exist") as info, atomic_write(target):
        pytest.fail("the body must not run")
    assert "a.txt" in str(info.value)
    assert isinstance(info.value, CalfpumpError)
    assert isinstance(info.value, OSError)
    assert _listing(tmp_path) == []


def test_atomic_write_directory_target(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OutputError, match="directory"), atomic_write(folder):
        pytest.fail("the body must not run")
    assert folder.is_dir()
    assert _listing(folder) == []
    assert _listing(tmp_path) == ["out"]


# ---------------------------------------------------------------- Solution.to_parquet


@pytest.fixture(scope="module")
def short_solution(healthy: ParameterValues) -> Solution:
    return calfpump.simulate(
        ["Stand for 2 seconds", "Walk at 100 steps/min for 2 seconds"],
        healthy,
        settle_s=5.0,
        save_every_s=0.1,
    )


def test_to_parquet_roundtrip(tmp_path: Path, short_solution: Solution) -> None:
    target = tmp_path / "trace.parquet"
    assert short_solution.to_parquet(target) == target
    assert _listing(tmp_path) == ["trace.parquet"]
    table = pq.read_table(target)
    assert table.num_rows == short_solution.t.size
    cols = table.column_names
    assert "time_s" in cols
    np.testing.assert_array_equal(table.column("time_s").to_numpy(), short_solution.t)
    units = short_solution.units
    for name in (
        "ankle.pressure",
        "deep_calf.volume",
        "popliteal_valve.flow",
        "interstitium.volume",
    ):
        col = f"{name} [{units[name]}]"
        assert col in cols
        np.testing.assert_array_equal(table.column(col).to_numpy(), short_solution[name])
    # every variable is written
    assert len(cols) >= len(short_solution) + 1
    meta = table.schema.metadata
    assert b"Walk at 100 steps/min for 2 seconds" in meta[b"calfpump.protocol"]
    assert meta[b"calfpump.parameters"] == b"healthy"


def test_to_parquet_missing_folder(tmp_path: Path, short_solution: Solution) -> None:
    target = tmp_path / "no_such_folder" / "trace.parquet"
    with pytest.raises(OutputError, match="no_such_folder"):
        short_solution.to_parquet(target)
    assert not target.parent.exists()
    assert _listing(tmp_path) == []


def test_to_parquet_directory_target(tmp_path: Path, short_solution: Solution) -> None:
    with pytest.raises(OutputError):
        short_solution.to_parquet(tmp_path)
    assert _listing(tmp_path) == []


def test_to_pandas(short_solution: Solution) -> None:
    df = short_solution.to_pandas()
    assert len(df) == short_solution.t.size
    assert list(df.columns[:2]) == ["time_s", "step"]
    assert "ankle.pressure [mmHg]" in df.columns


def test_atomic_write_gives_ordinary_permissions(tmp_path) -> None:
    import os
    import stat

    from calfpump.io import atomic_write as aw

    with aw(tmp_path / "x.txt") as tmp:
        tmp.write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "x.txt").stat().st_mode) == 0o666 & ~umask
