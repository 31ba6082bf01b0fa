"""Robustness review, on the command line: refusals come before any work, with exit status 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


def test_day_with_a_parquet_step_file_says_which_formats_are_read(tmp_path: Path) -> None:
    import pandas as pd

    steps = tmp_path / "steps.parquet"
    pd.DataFrame({"timestamp": ["2024-03-01T08:00:00"], "steps": [90]}).to_parquet(steps)
    res = runner.invoke(app, ["day", "--steps", str(steps)])
    assert res.exit_code == 2, res.output
    assert "a Parquet file, which is not read" in res.output and "Traceback" not in res.output


def test_programme_with_an_empty_file_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("# to do\n", encoding="utf-8")
    res = runner.invoke(app, ["programme", "--programme", str(plan), "--exercise-per-week", "3"])
    assert res.exit_code == 2, res.output
    assert "holds nothing" in res.output


def test_out_link_into_a_missing_folder_is_refused_before_the_run(tmp_path: Path) -> None:
    link = tmp_path / "run.parquet"
    link.symlink_to(tmp_path / "missing" / "run.parquet")
    res = runner.invoke(app, ["run", "Stand for 1 minute", "--out", str(link)])
    assert res.exit_code == 2, res.output
    assert "does not exist" in res.output and "wrote" not in res.output
