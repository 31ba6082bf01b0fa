"""``calfpump programme``: JSON keys, table, outputs and clear errors."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


def test_programme_json_is_the_stable_interface() -> None:
    res = runner.invoke(app, ["programme", "calf exercise 3/week", "--stretch-per-week", "5",
                              "--heel-pain", "4", "--days", "14", "--apg-every-days", "14", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data) == ["programme", "days", "weekly", "checkpoints"]
    assert data["programme"] == ["calf exercise 3/week, days 0-end", "calf stretch 5/week, days 0-end"]
    assert data["days"] == 14 and [w["day"] for w in data["weekly"]] == [0, 7, 14]
    assert set(data["weekly"][0]) == {"day", "week", "calf_strength", "ankle_rom_deg", "heel_pain", "steps_per_day"}
    assert set(data["checkpoints"][0]) == {"day", "calf_strength", "ankle_rom_deg", "heel_pain", "steps_per_day",
                                           "stocking_mmHg", "vv_mL", "vfi_mL_s", "ev_mL", "ef_pct", "rv_mL",
                                           "rvf_pct"}
    first, last = data["checkpoints"]
    assert last["calf_strength"] > first["calf_strength"] and last["heel_pain"] < first["heel_pain"] == 4.0


def test_programme_file_table_and_outputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    prog = tmp_path / "prog.toml"
    prog.write_text('lines = ["calf exercise 3/week for 1 week", "stockings 30 mmHg"]\n', encoding="utf-8")
    out, png = tmp_path / "p.parquet", tmp_path / "p.png"
    res = runner.invoke(app, ["programme", "--programme", str(prog), "--days", "10", "--apg-every-days", "10",
                              "--out", str(out), "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert "calf exercise 3/week, days 0-7" in res.stdout and "EF [%]" in res.stdout
    table = pq.read_table(out)
    assert table.num_rows == 11 and {"calf_strength", "ef_pct", "stocking_mmHg"} <= set(table.column_names)
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["jump 3/week"], "Invalid programme line 'jump 3/week'"),
        (["--exercise-per-week", "30"], "--exercise-per-week = 30 is outside the allowed range 0 to 14"),
        (["--days", "0"], "days = 0 is outside the allowed range 1 to 3650"),
        (["--heel-pain", "11"], "person.heel_pain = 11.0"),
        (["--programme", "missing.toml"], "cannot read programme file 'missing.toml'"),
        (["--preset", "nope"], "nope"),
        (["--out", "no/such/folder/p.parquet"], "does not exist"),
    ],
)
def test_programme_errors_are_one_clear_line(args: list[str], expected: str) -> None:
    res = runner.invoke(app, ["programme", *args, "--days", "7"] if "--days" not in args else ["programme", *args])
    assert res.exit_code == 2
    assert expected in res.stderr
    assert "Traceback" not in res.output
