"""Programmes over months: the laws, the text form, errors and the venous checkpoints."""

from __future__ import annotations

import numpy as np
import pytest

import calfpump
from calfpump import ParameterError, Person, Programme, simulate_programme
from calfpump.programme import (
    PF_CHRONIC_FRACTION,
    ROM_GAIN_MAX_DEG,
    STRENGTH_GAIN_MAX,
    CalfExercise,
    checkpoint_days,
    parse_block,
    strength_dose,
    stretch_dose,
    symptomatic_fraction,
)


def run(lines: list[str], days: int, person: Person | None = None, **kw):  # type: ignore[no-untyped-def]
    return simulate_programme(person or Person(), lines, days=days, apg_every_days=None, **kw)


# ---- laws ----
def test_strength_rises_monotonically_to_a_bounded_plateau() -> None:
    d = run(["calf exercise 3/week"], 365).daily
    s = d["calf_strength"].to_numpy()
    assert s[0] == 1.0
    assert np.all(np.diff(s) > 0)
    assert s[-1] <= 1.0 + STRENGTH_GAIN_MAX
    # older-adult resistance training: about +20-30 % within 12 weeks (Peterson 2010)
    assert 0.15 < s[84] - 1.0 < 0.30


def test_detraining_after_stopping_lowers_strength_towards_baseline_but_slowly() -> None:
    d = run(["calf exercise 3/week for 12 weeks"], 84 + 182).daily
    s = d["calf_strength"].to_numpy()
    peak = s[84]
    assert np.all(np.diff(s[84:]) < 0)
    assert 1.0 < s[-1] < peak
    # still above baseline 6 months after stopping (Sherk 2012), about a third of the gain kept
    assert 0.25 < (s[-1] - 1.0) / (peak - 1.0) < 0.5


def test_more_sessions_more_strength_up_to_two_a_week() -> None:
    assert strength_dose(0) == 0.0 and strength_dose(1) == 0.5
    assert strength_dose(2) == strength_dose(5) == 1.0
    one, three = (run([f"calf exercise {n}/week"], 84).daily["calf_strength"].iloc[-1] for n in (1, 3))
    assert 1.0 < one < three


def test_stretching_gains_a_few_degrees_and_loses_them_after_stopping() -> None:
    d = run(["stretch calves 7/week for 6 weeks"], 42 + 56, Person(ankle_rom_deg=30.0)).daily
    r = d["ankle_rom_deg"].to_numpy()
    gain = r[42] - 30.0
    assert 2.0 < gain <= ROM_GAIN_MAX_DEG  # Radford 2006: 2-3 degrees
    assert np.all(np.diff(r[:43]) > 0) and np.all(np.diff(r[42:]) < 0)
    assert r[-1] - 30.0 < 0.25 * gain  # mostly lost 8 weeks later (Willy 2001, Konrad 2025)


def test_stretch_dose_shape() -> None:
    assert stretch_dose(0) == 0.0 and stretch_dose(7) == 1.0 and stretch_dose(14) == 1.0
    assert stretch_dose(3) / stretch_dose(6) == pytest.approx(0.70, abs=0.01)  # Cipriani 2012
    assert 0 < stretch_dose(0, 3) < stretch_dose(3)  # exercise counts half a stretch


def test_heel_pain_natural_history_matches_hansen_2018() -> None:
    assert symptomatic_fraction(365.25) == pytest.approx(0.805, abs=0.005)
    assert symptomatic_fraction(5 * 365.25) == pytest.approx(0.50, abs=0.01)
    assert symptomatic_fraction(15 * 365.25) == pytest.approx(0.44, abs=0.005)
    d = run([], 365, Person(heel_pain=5.0)).daily
    p = d["heel_pain"].to_numpy()
    assert p[0] == 5.0 and np.all(np.diff(p) < 0)
    assert p[365] / 5.0 == pytest.approx(0.805, abs=0.005)
    assert p.min() > 5.0 * PF_CHRONIC_FRACTION


def test_treatment_speeds_heel_pain_resolution_and_pain_feeds_back_into_steps() -> None:
    person = Person(heel_pain=6.0)
    none = run([], 84, person).daily
    treated = run(["stretch calves 7/week", "orthotics"], 84, person).daily
    assert treated["heel_pain"].iloc[-1] < none["heel_pain"].iloc[-1] < 6.0
    assert treated["steps_per_day"].iloc[-1] > none["steps_per_day"].iloc[-1] > none["steps_per_day"].iloc[0]
    assert (treated["footwear"] == "orthotic").all()


def test_nothing_changes_without_a_programme() -> None:
    d = run([], 60).daily
    for col in ("calf_strength", "ankle_rom_deg", "heel_pain", "steps_per_day"):
        assert d[col].nunique() == 1


# ---- the text form and errors ----
@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("calf exercise 3/week for 12 weeks", "calf exercise 3/week, days 0-84"),
        ("Heel raises 3 times a week from week 2 until week 20", "calf exercise 3/week, days 14-140"),
        ("stretch calves 7/week from week 2 for 6 weeks", "calf stretch 7/week, days 14-56"),
        ("stockings 35 mmHg thigh-high", "stockings 35 mmHg thigh, days 0-end"),
        ("orthotics from day 14", "shoes orthotic, days 14-end"),
        ("shoes firm-flat until week 8.", "shoes firm-flat, days 0-56"),
    ],
)
def test_text_lines(line: str, label: str) -> None:
    assert parse_block(line).label == label


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("calf exercise 30/week", "sessions_per_week = 30.0"),
        ("stockings 80 mmHg", "stocking_mmHg = 80.0"),
        ("shoes flipflop", "'barefoot', 'athletic'"),
        ("jump 3/week", "valid lines look like"),
        ("calf exercise 3/week from week 5 until week 2", "stop_day = 14 must be after start_day = 35"),
    ],
)
def test_bad_lines_name_field_value_and_what_is_allowed(line: str, expected: str) -> None:
    with pytest.raises(ParameterError, match="Invalid programme line") as exc:
        parse_block(line)
    assert expected in str(exc.value)


def test_bad_blocks_and_programmes() -> None:
    with pytest.raises(ParameterError, match="two stockings blocks overlap"):
        Programme.create(["stockings 20 mmHg", "stockings 30 mmHg from week 3"])
    with pytest.raises(ParameterError, match=r"sessions_per_week = -1: Input should be greater"):
        Programme.create([{"kind": "calf-exercise", "sessions_per_week": -1}])
    with pytest.raises(ParameterError, match="has no field 'foo'"):
        Programme.create([{"kind": "calf-exercise", "sessions_per_week": 1, "foo": 2}])
    with pytest.raises(ParameterError, match="kind = 'swim' is not one of"):
        Programme.create([{"kind": "swim"}])
    with pytest.raises(ParameterError, match="days = 0 is outside the allowed range 1 to 3650"):
        simulate_programme(Person(), [], days=0)
    with pytest.raises(ParameterError, match="apg_every_days = 0 is outside"):
        simulate_programme(Person(), [], days=10, apg_every_days=0)
    with pytest.raises(ParameterError, match="person must be a calfpump.Person"):
        simulate_programme({"heel_pain": 3}, [])  # type: ignore[arg-type]


def test_programme_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "p.toml"
    f.write_text('lines = ["calf exercise 3/week for 26 weeks"]\n'
                 '[[block]]\nkind = "stockings"\nstocking_mmHg = 35\n', encoding="utf-8")
    prog = Programme.from_toml(f)
    assert isinstance(prog.blocks[0], CalfExercise) and prog.blocks[1].kind == "stockings"
    f.write_text("colour = 3\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"unknown key\(s\) \['colour'\]"):
        Programme.from_toml(f)
    with pytest.raises(ParameterError, match="cannot read programme file"):
        Programme.from_toml(tmp_path / "missing.toml")


# ---- checkpoints: the venous network at a few days ----
def test_checkpoint_days() -> None:
    assert checkpoint_days(180, 30) == [0, 30, 60, 90, 120, 150, 180]
    assert checkpoint_days(50, 30) == [0, 30, 50]


def test_exercise_raises_ef_and_lowers_rvf_against_compression_alone() -> None:
    """Padberg 2004 direction: exercise + stockings vs stockings alone in a CEAP C4-C6 leg."""
    leg = Person(ankle_rom_deg=24.5, stocking_mmHg=35.0)
    control = simulate_programme(leg, [], "deep-reflux", days=182, apg_every_days=182)
    exercise = simulate_programme(leg, ["calf exercise 3/week for 26 weeks"], "deep-reflux",
                                  days=182, apg_every_days=182)
    c, e = control.checkpoints, exercise.checkpoints
    assert list(c["day"]) == [0, 182]
    d_ef = (e["ef_pct"].iloc[-1] - e["ef_pct"].iloc[0]) - (c["ef_pct"].iloc[-1] - c["ef_pct"].iloc[0])
    d_rvf = (e["rvf_pct"].iloc[-1] - e["rvf_pct"].iloc[0]) - (c["rvf_pct"].iloc[-1] - c["rvf_pct"].iloc[0])
    assert d_ef > 0 and d_rvf < 0
    assert 0 < e["ef_pct"].max() <= 100 and 0 <= e["rvf_pct"].min()


def _padberg_band(target_id: str) -> tuple[float, float]:
    import csv
    from importlib import resources

    text = (resources.files("calfpump") / "data" / "programme_targets.csv").read_text(encoding="utf-8")
    row = {r["id"]: r for r in csv.DictReader(text.splitlines())}[target_id]
    return float(row["low"]), float(row["high"])


def _padberg_reference_change(col: str) -> float:
    """Change of ``col`` over 26 weeks of calf exercise in docs/programme.md's reference leg."""
    leg = Person(ankle_rom_deg=24.5, stocking_mmHg=35.0)
    c = simulate_programme(leg, ["calf exercise 3/week for 26 weeks"], "deep-reflux", days=182,
                           apg_every_days=182).checkpoints[col]
    return float(c.iloc[-1] - c.iloc[0])


def test_calf_pump_follows_strength_up_to_the_healthy_level() -> None:
    """calfpump.model.calf_pump_strength_factor: a stronger calf does a heel raise or a step with the
    same force (intramuscular pressure follows force: Ballard 1998), a weaker one falls short."""
    from calfpump.model import G_CALF, G_CALF_BARE, G_TIPAMP, build, calf_pump_strength_factor

    assert [calf_pump_strength_factor(s) for s in (0.0, 0.6, 1.0, 1.28, 2.0)] == [0.0, 0.6, 1.0, 1.0, 1.0]
    healthy = calfpump.ParameterValues.preset("healthy")
    glob = {s: build(healthy.update({"calf_strength": s})).glob for s in (0.8, 1.0, 1.3)}
    for g in (G_CALF, G_CALF_BARE, G_TIPAMP):
        assert glob[1.3][g] == glob[1.0][g] and glob[0.8][g] == pytest.approx(0.8 * glob[1.0][g])


def test_padberg_ef_rise_within_the_published_spread() -> None:
    """Padberg 2004: EF +3.48 +- 2.7 points in the exercise group (docs/programme.md, reference leg)."""
    low, high = _padberg_band("padberg_ef_change_exercise")
    assert low <= _padberg_reference_change("ef_pct") <= high


@pytest.mark.xfail(strict=True, reason=(
    "known gap (docs/programme.md, 'Padberg 2004'): at healthy strength the reference leg's pump gains "
    "only through the ankle range and RVF falls 1.8 points, short of Padberg's -8.75 +- 4.6; the model "
    "moves RVF by 0.8-1.2 times the EF change in deep-reflux legs, Padberg by 2.5 times; calf endurance (fatigue over "
    "the ten tiptoes), which could move RVF alone, is not modelled: no source read gives its size (docs/programme.md, "
    "'Still open')"))
def test_padberg_rvf_fall_within_the_published_spread() -> None:
    low, high = _padberg_band("padberg_rvf_change_exercise")
    assert low <= _padberg_reference_change("rvf_pct") <= high


def test_result_tables_and_outputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    r = simulate_programme(Person(heel_pain=4), "calf exercise 3/week; stretch calves 5/week", days=20,
                           apg_every_days=20, progress=lambda i, n: calls.append((i, n)))
    assert calls == [(1, 2), (2, 2)]
    frame = r.to_pandas()
    assert len(frame) == 21 and frame["ef_pct"].notna().sum() == 2
    assert list(r.weekly()["day"]) == [0, 7, 14, 20]
    data = r.to_dict()
    assert list(data) == ["programme", "days", "weekly", "checkpoints"]
    assert set(data["checkpoints"][0]) >= {"day", "calf_strength", "ankle_rom_deg", "heel_pain",
                                           "steps_per_day", "ef_pct", "rvf_pct", "vv_mL", "vfi_mL_s"}
    r.to_parquet(tmp_path / "p.parquet")
    r.plot(tmp_path / "p.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.parquet", "p.png"]
    assert calfpump.simulate_programme is simulate_programme


def test_programme_targets_carry_their_sources() -> None:
    import csv
    from importlib import resources

    text = (resources.files("calfpump") / "data" / "programme_targets.csv").read_text(encoding="utf-8")
    rows = {r["id"]: r for r in csv.DictReader(text.splitlines())}
    assert float(rows["padberg_ef_change_exercise"]["value"]) == 3.48
    assert float(rows["padberg_rvf_change_exercise"]["value"]) == -8.75
    # the calf endurance deficit of ulcer legs (van Uden 2005), the reason docs/programme.md gives for no lever
    assert float(rows["heel_rise_endurance_ulcer"]["value"]) == 14.69
    assert float(rows["heel_rise_endurance_controls"]["value"]) == 23.59
    assert rows["kan_delis_endurance"]["status"] == "unverified"
    for row in rows.values():
        assert row["source"] and row["status"] in ("read", "unverified")


def test_overlapping_sessions_over_the_weekly_limit_are_refused_when_created() -> None:
    """Overlapping exercise (or stretch) blocks add their sessions; a total over 14 a week was
    accepted and then stopped simulate_programme midway with a message about one number
    (``sessions_per_week = 20.0``) that no block holds. It is refused when the programme is made,
    naming the blocks; totals up to 14, and blocks that only touch, stay allowed."""
    with pytest.raises(ParameterError, match=r"calf exercise.*add up to 20 sessions/week.*14"):
        Programme.create(["calf exercise 10/week", "calf exercise 10/week from week 2"])
    with pytest.raises(ParameterError, match=r"calf stretch.*add up to 15 sessions/week"):
        Programme.create(["stretch calves 7/week for 4 weeks", "stretch calves 8/week from week 3"])
    ok = Programme.create(["calf exercise 10/week for 2 weeks", "calf exercise 10/week from week 2",
                           "calf exercise 4/week", "stretch calves 14/week"])
    r = simulate_programme(Person(), ok, days=30, apg_every_days=None)
    assert r.daily["exercise_per_week"].max() == 14.0
