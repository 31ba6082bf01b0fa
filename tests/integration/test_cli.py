"""The command line: table, JSON interface, outputs and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()
STEPS = ["Stand for 30 seconds", "Walk at 100 steps/min for 20 seconds", "Stand for 10 seconds"]


def test_run_json_is_the_stable_interface() -> None:
    res = runner.invoke(app, ["run", *STEPS, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data) == ["steps"]
    assert [row["step"] for row in data["steps"]] == STEPS
    for row in data["steps"]:
        assert set(row) == {"step", "foot_mean_mmHg", "foot_min_mmHg", "foot_end_mmHg", "calf_volume_end_mL"}
        assert all(isinstance(row[k], float) for k in row if k != "step")
    stand, walk, _ = data["steps"]
    assert walk["foot_mean_mmHg"] < stand["foot_mean_mmHg"]
    assert walk["foot_min_mmHg"] <= walk["foot_mean_mmHg"]


def test_run_echoes_the_step_as_given() -> None:
    res = runner.invoke(app, ["run", "stand for 0.5 min.", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["steps"][0]["step"] == "stand for 0.5 min."


def test_run_table_and_outputs(tmp_path) -> None:
    out, png = tmp_path / "run.parquet", tmp_path / "run.png"
    res = runner.invoke(app, ["run", *STEPS, "--out", str(out), "--plot", str(png)])
    assert res.exit_code == 0, res.output
    assert "Walk at 100 steps/min for 20 seconds" in res.stdout
    table = pq.read_table(out)
    assert "time_s" in table.column_names and "ankle.pressure [mmHg]" in table.column_names
    assert png.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.parquet", "run.png"]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("Walk at -5 steps/min for 3 minutes", "Walk at -5 steps/min for 3 minutes"),
        ("Stand for ten", "Valid steps look like"),
        ("Jump for 2 minutes", "'Jump for 2 minutes'"),
    ],
)
def test_bad_steps_give_one_clear_error(step: str, expected: str) -> None:
    res = runner.invoke(app, ["run", step])
    assert res.exit_code == 2
    assert expected in res.stderr
    assert "Traceback" not in res.output


def test_unknown_preset_lists_presets() -> None:
    res = runner.invoke(app, ["run", "Stand for 1 minute", "--preset", "nope"])
    assert res.exit_code == 2
    assert "healthy" in res.stderr


def test_unwritable_output_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "missing" / "x.parquet"
    res = runner.invoke(app, ["run", "Stand for 10 seconds", "--out", str(target)])
    assert res.exit_code == 2
    assert "does not exist" in res.stderr
    assert not (tmp_path / "missing").exists()
    res = runner.invoke(app, ["run", "Stand for 10 seconds", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "directory" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_presets_command() -> None:
    res = runner.invoke(app, ["presets", "--json"])
    assert res.exit_code == 0
    names = [p["name"] for p in json.loads(res.stdout)]
    assert names[0] == "healthy"


def test_python_dash_m_is_the_same_program() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "calfpump", "presets"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0
    assert "healthy" in out.stdout


def test_avp_json(tmp_path) -> None:
    png = tmp_path / "avp.png"
    res = runner.invoke(app, ["avp", "--json", "--plot", str(png)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"rest_mmHg", "min_mmHg", "drop_pct", "rt90_s"}
    assert data["min_mmHg"] < data["rest_mmHg"]
    assert png.stat().st_size > 10_000


def test_avp_bad_exercise() -> None:
    res = runner.invoke(app, ["avp", "--exercise", "jump"])
    assert res.exit_code == 2
    assert "'jump'" in res.stderr and "tiptoe" in res.stderr


def test_apg_json_and_table() -> None:
    res = runner.invoke(app, ["apg", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"vv_mL", "vfi_mL_s", "ev_mL", "ef_pct", "rv_mL", "rvf_pct"}
    assert data["ev_mL"] <= data["vv_mL"]
    table = runner.invoke(app, ["apg"])
    assert "venous volume VV [mL]" in table.stdout


def test_table_headers_keep_their_units() -> None:
    res = runner.invoke(app, ["run", "Stand for 10 seconds"])
    assert "[mmHg]" in res.stdout and "[mL]" in res.stdout


def test_reflux_json() -> None:
    res = runner.invoke(app, ["reflux", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"sfj_reflux_s", "popliteal_reflux_s"}
    assert data["sfj_reflux_s"] < 0.5


def test_validate_json_subset() -> None:
    res = runner.invoke(app, ["validate", "--json", "--only", "supine_calf_pressure", "--only", "kf_calf"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["counts"] == {"pass": 1, "fail": 0, "skip": 1}
    by_id = {r["id"]: r for r in data["rows"]}
    assert by_id["supine_calf_pressure"]["low"] <= by_id["supine_calf_pressure"]["model"] <= by_id["supine_calf_pressure"]["high"]
    assert by_id["kf_calf"]["model"] is None and "input" in by_id["kf_calf"]["note"]


def test_validate_unknown_target() -> None:
    res = runner.invoke(app, ["validate", "--only", "nope"])
    assert res.exit_code == 2 and "nope" in res.stderr


def test_apg_tourniquet_flag() -> None:
    free = json.loads(runner.invoke(app, ["apg", "--preset", "superficial-reflux", "--json"]).stdout)
    tq = json.loads(runner.invoke(app, ["apg", "--preset", "superficial-reflux", "--tourniquet", "--json"]).stdout)
    assert tq["vfi_mL_s"] < free["vfi_mL_s"]


def test_person_options(tmp_path) -> None:
    plain = json.loads(runner.invoke(app, ["apg", "--json"]).stdout)
    pained = json.loads(runner.invoke(app, ["apg", "--heel-pain", "6", "--json"]).stdout)
    assert pained["ef_pct"] < plain["ef_pct"]
    person = tmp_path / "p.toml"
    person.write_text('footwear = "high-heel"\n')
    heels = json.loads(runner.invoke(app, ["apg", "--person", str(person), "--json"]).stdout)
    assert heels["ef_pct"] < plain["ef_pct"]
    res = runner.invoke(app, ["run", "Stand for 10 seconds", "--heel-pain", "11"])
    assert res.exit_code == 2 and "heel_pain" in res.stderr and "10" in res.stderr


def test_every_simulating_command_takes_the_same_person_options() -> None:
    """One list of person options (cli._PERSON_OPTIONS) reaches every command that simulates a person."""
    import typer.main

    from calfpump.cli import _PERSON_OPTIONS

    group = typer.main.get_command(app)
    expected = {"--person", "--heel-pain", "--footwear", "--ankle-rom-deg", "--calf-strength",
                "--stocking-mmHg", "--stocking-class", "--stocking-length", "--arch-type"}
    assert len(_PERSON_OPTIONS) == len(expected)
    for name in ("run", "avp", "apg", "reflux", "day", "report", "programme"):
        command = group.commands[name]  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in param.opts}
        assert expected <= options, (name, expected - options)
