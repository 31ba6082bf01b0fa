"""The command line on unusual input: one clear error on stderr, status 2, stdout empty, no file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "name", "expected"),
    [
        (["run", "Stand for 1 second", "--out"], "run.csv", ".parquet"),
        (["run", "Stand for 1 second", "--plot"], "run.pdf", ".png"),
        (["avp", "--plot"], "avp.svg", ".png"),
        (["apg", "--plot"], "apg.jpg", ".png"),
        (["reflux", "--plot"], "reflux.parquet", ".png"),
        (["day", "Sit for 1 hour", "--out"], "day.csv", ".parquet"),
        (["programme", "--days", "7", "--plot"], "p.pdf", ".png"),
    ],
)
def test_an_output_named_for_another_format_is_refused_before_work(tmp_path, args, name, expected) -> None:
    res = runner.invoke(app, [*args, str(tmp_path / name), "--json"])
    assert res.exit_code == 2, res.output
    assert expected in res.stderr and name in res.stderr
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_output_names_in_any_case_or_without_an_ending_are_written(tmp_path) -> None:
    res = runner.invoke(app, ["run", "Stand for 1 second", "--out", str(tmp_path / "RUN.PARQUET"),
                              "--plot", str(tmp_path / "figure"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["steps"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["RUN.PARQUET", "figure"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--heel-pain", "11"], "allowed: 0 to 10"),
        (["--ankle-rom-deg", "-5"], "greater than 0 and at most 80 deg"),
        (["--stocking-mmHg", "100"], "allowed: 0 to 60 mmHg"),
        (["--calf-strength", "nan"], "allowed: 0 to 2"),
    ],
)
def test_person_options_name_the_allowed_range(args, expected) -> None:
    res = runner.invoke(app, ["apg", *args, "--json"])
    assert res.exit_code == 2
    assert expected in res.stderr and res.stdout == ""
    assert "Traceback" not in res.output and "person.person" not in res.stderr
    assert res.stderr.startswith(f"error: person.{args[0][2:].replace('-', '_')} = ")


def test_person_file_errors_name_the_field_and_range(tmp_path) -> None:
    bad = tmp_path / "me.toml"
    bad.write_text("\ufeffcadence_spm = 400\n", encoding="utf-8")
    res = runner.invoke(app, ["run", "Stand for 1 second", "--person", str(bad), "--json"])
    assert res.exit_code == 2 and res.stdout == ""
    assert "person.cadence_spm = 400" in res.stderr and "30 to 200 steps/min" in res.stderr


def test_an_output_name_too_long_is_one_clear_error(tmp_path) -> None:
    res = runner.invoke(app, ["run", "Stand for 1 second", "--out", str(tmp_path / ("a" * 300 + ".parquet")),
                              "--json"])
    assert res.exit_code == 2, res.output
    assert "too long" in res.stderr and res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_is_a_pipe_is_refused(tmp_path) -> None:
    import os
    import stat

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    res = runner.invoke(app, ["avp", "--plot", str(fifo), "--json"])
    assert res.exit_code == 2, res.output
    assert "not a regular file" in res.stderr and res.stdout == ""
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", ["demo", "report"])
def test_a_report_folder_name_too_long_is_one_clear_error(tmp_path, command) -> None:
    res = runner.invoke(app, [command, "--out", str(tmp_path / ("a" * 300))])
    assert res.exit_code == 2, res.output
    assert "too long" in res.stderr and "Traceback" not in res.output
    assert list(tmp_path.iterdir()) == []


def test_out_and_plot_to_the_same_file_are_refused(tmp_path) -> None:
    same = tmp_path / "result"
    res = runner.invoke(app, ["run", "Stand for 1 second", "--out", str(same), "--plot", str(same), "--json"])
    assert res.exit_code == 2, res.output
    assert "same file" in res.stderr and res.stdout == ""
    assert list(tmp_path.iterdir()) == []
