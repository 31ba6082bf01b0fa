"""Review of the commands' outputs: user text (steps, file names) printed as text, never as Rich
markup; the report folder and page with odd names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


# ---- user text in messages is text, not Rich markup ---------------------------------------
@pytest.mark.parametrize("step", ["Stand for [/] minutes", "Stand for [red]x[/red] minutes"])
def test_error_quoting_a_step_with_brackets_is_one_clear_line(step: str) -> None:
    # '[/]' used to raise rich's MarkupError (a traceback, exit 1); '[red]x[/red]' was shown as 'x'
    res = runner.invoke(app, ["run", "--json", step])
    assert res.exit_code == 2, res.output
    assert res.stdout == "" and isinstance(res.exception, SystemExit)  # not a MarkupError
    assert f"'{step}'" in res.stderr.replace("\n", "")


def test_error_quoting_a_file_name_with_brackets(tmp_path: Path) -> None:
    steps = tmp_path / "[/x]"  # a folder: the file inside it is missing
    res = runner.invoke(app, ["day", "--json", "--steps", str(steps / "steps.csv")])
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)
    assert "[/x]" in res.stderr.replace("\n", "")


def test_wrote_names_the_file_written(tmp_path: Path) -> None:
    # a file named '[red]a.parquet' was written but reported as 'wrote a.parquet'
    out = tmp_path / "[red]a.parquet"
    res = runner.invoke(app, ["run", "Stand for 1 seconds", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.is_file()
    assert f"wrote {out}" in res.stdout.replace("\n", "")



def test_clinical_test_wrote_names_the_figure_written(tmp_path: Path) -> None:
    png = tmp_path / "[red]r.png"
    res = runner.invoke(app, ["reflux", "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert png.is_file() and f"wrote {png}" in res.stdout.replace("\n", "")


def test_report_wrote_names_the_folder_written(tmp_path: Path) -> None:
    # 'calfpump report --out "[red]x"' wrote the report, then said 'wrote .../x/report.html'
    import typer

    from calfpump.cli import _write_report

    class Built:  # the report's folder, without the minutes of simulation
        def write(self, out: Path, force: bool = False) -> Path:
            out.mkdir()
            (out / "report.html").write_text("<!DOCTYPE html>", encoding="utf-8")
            return out / "report.html"

    out = tmp_path / "[red]x"
    probe = typer.Typer()
    probe.command()(lambda: _write_report(Built, out, False))
    res = runner.invoke(probe, [])
    assert res.exit_code == 0, res.output
    assert f"wrote {(out / 'report.html').resolve()}" in res.stdout.replace("\n", "")


# ---- the report folder ---------------------------------------------------------------------
def test_report_folder_with_a_long_legal_name_is_written(tmp_path: Path) -> None:
    # a 250-character folder name (legal: at most 255) passed check_output_dir, then, after the
    # whole report was built, failed with 'File name too long': the temporary folder beside it
    # took the full name plus a prefix and a suffix
    from calfpump.report import NUMBERS_FILE, REPORT_FILE, _write_folder, check_output_dir

    target = tmp_path / ("r" * 250)
    check_output_dir(target, False)
    path = _write_folder(target, {REPORT_FILE: "<!DOCTYPE html>", NUMBERS_FILE: "{}"}, False)
    assert path == target / REPORT_FILE and path.read_text(encoding="utf-8") == "<!DOCTYPE html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary folder left


def test_recorded_day_from_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # 'caf\xe9.csv' (Latin-1) is held as 'caf\udce9.csv'; the day description quoted it as is and
    # writing report.html raised UnicodeEncodeError (a traceback after the whole build)
    import os

    from calfpump.report import _recorded_day

    name = os.fsdecode(b"caf\xe9.csv")
    steps = tmp_path / name
    steps.write_text("timestamp,steps\n2024-03-01T10:00:00,50\n", encoding="utf-8")
    _, text = _recorded_day(steps, 100.0)
    text.encode("utf-8")  # raised UnicodeEncodeError
    assert "caf\\udce9.csv" in text
