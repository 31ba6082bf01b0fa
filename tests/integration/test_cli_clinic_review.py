"""The clinical-test commands on degenerate legs (review of issue 4's commands)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from calfpump.cli import app

runner = CliRunner()


def test_reflux_cap_is_reported_as_a_lower_bound() -> None:
    args = ["reflux", "--preset", "superficial-reflux", "--severity", "0.3"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "at least 10.00" in table.stdout
    assert "had not stopped" in table.stderr and "saphenofemoral" in table.stderr
    js = runner.invoke(app, [*args, "--json"])
    assert js.exit_code == 0, js.output
    assert set(json.loads(js.stdout)) == {"sfj_reflux_s", "popliteal_reflux_s"}  # stable keys, valid JSON
    assert "had not stopped" in js.stderr


def test_reflux_that_stops_prints_no_note() -> None:
    res = runner.invoke(app, ["reflux"])
    assert res.exit_code == 0, res.output
    assert res.stderr == "" and "at least" not in res.stdout


def test_avp_with_no_calf_strength_reads_rt90_zero() -> None:
    # no calf strength: tiptoes lower the pressure ~1 mmHg once and it is back by the end of the
    # exercise: RT90 = 0 s by the definition (documented in avp.py), a finite number, not an error
    res = runner.invoke(app, ["avp", "--calf-strength", "0", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["rt90_s"] == 0.0


def test_apg_tourniquet_flag_still_works() -> None:
    res = runner.invoke(app, ["apg", "--tourniquet", "--json"])
    assert res.exit_code == 0, res.output


def test_avp_without_a_drop_is_one_clear_error(tmp_path) -> None:
    # a short person with almost no ankle range: 10 tiptoes lower the foot pressure 0.7 mmHg
    person = tmp_path / "stiff.toml"
    person.write_text("body_height_cm = 120\nankle_rom_deg = 0.1\n", encoding="utf-8")
    png = tmp_path / "avp.png"
    res = runner.invoke(app, ["avp", "--person", str(person), "--json", "--plot", str(png)])
    assert res.exit_code == 2
    assert res.stdout == "" and "RT90 is undefined" in res.stderr and "exercise='walk'" in res.stderr
    assert not png.exists()
    walk = runner.invoke(app, ["avp", "--person", str(person), "--exercise", "walk", "--json"])
    assert walk.exit_code == 0, walk.output
    assert json.loads(walk.stdout)["drop_pct"] > 5.0
