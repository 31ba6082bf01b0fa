"""The report: its numbers equal the command line's, it is self-contained, and its folder is
written whole or not at all. One report is built per module and reused."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calfpump.cli import app
from calfpump.errors import OutputError, ParameterError
from calfpump.parameters import ParameterValues
from calfpump.person import Person
from calfpump.programme import simulate_programme
from calfpump.protocol import Protocol
from calfpump.report import (
    DAY_PARTS,
    NUMBERS_FILE,
    PROGRAMME_WEEKS,
    REMEDIES,
    REPORT_FILE,
    Report,
    after_programme,
    bedtime_s,
    build_report,
    default_day,
    natural_course,
    remedy,
)

runner = CliRunner()

PERSON_TOML = """\
heel_pain = 6
footwear = "firm-flat"
ankle_rom_deg = 40.0
calf_strength = 0.9
"""


@pytest.fixture(scope="module")
def person_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("person") / "me.toml"
    path.write_text(PERSON_TOML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cli_report(person_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``calfpump report --person FILE --out DIR``, run once; the folder it wrote."""
    out = tmp_path_factory.mktemp("cli") / "my report"
    res = runner.invoke(app, ["report", "--person", str(person_file), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert str((out / REPORT_FILE).resolve()) in res.stdout.replace("\n", "")
    return out


@pytest.fixture(scope="module")
def numbers(cli_report: Path) -> dict:
    return json.loads((cli_report / NUMBERS_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(cli_report: Path) -> str:
    return (cli_report / REPORT_FILE).read_text(encoding="utf-8")


def _cli_json(*args: str) -> dict:
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# ---- the numbers are the command line's ------------------------------------------------------
def test_avp_numbers_equal_cli_avp_json(numbers: dict, person_file: Path) -> None:
    assert numbers["avp_exercise"] == "walk"
    assert numbers["avp"] == _cli_json("avp", "--exercise", "walk", "--person", str(person_file))


def test_apg_numbers_equal_cli_apg_json(numbers: dict, person_file: Path) -> None:
    assert numbers["apg"] == _cli_json("apg", "--person", str(person_file))


def _person_toml(p: Person, path: Path) -> Path:
    """A person file holding ``p`` exactly (floats written with repr round-trip)."""
    lines = [f"{k} = {json.dumps(v) if isinstance(v, str) else repr(v)}"
             for k, v in p.model_dump().items() if v is not None]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["calf exercise programme", "calf stretching", "orthotics instead of firm flat"])
def test_remedy_numbers_equal_cli_json_for_the_changed_person(numbers: dict, person_file: Path,
                                                              tmp_path: Path, name: str) -> None:
    """A remedy's AVP, EF and RVF are ``calfpump avp/apg --json`` for the person after it."""
    person = Person.from_toml(person_file)
    r = remedy(name)
    after = (after_programme(person, r.programme, r.weeks) if r.programme
             else r.change_person(person) if r.change_person else person)
    path = _person_toml(after, tmp_path / "after.toml")
    assert Person.from_toml(path) == after
    row = next(x for x in numbers["remedies"]["rows"] if x["name"] == name)
    avp = _cli_json("avp", "--exercise", "walk", "--person", str(path))
    apg = _cli_json("apg", "--person", str(path))
    assert (row["avp_min_mmHg"], row["ef_pct"], row["rvf_pct"]) == (avp["min_mmHg"], apg["ef_pct"], apg["rvf_pct"])


def test_report_shows_the_cli_numbers(numbers: dict, page: str) -> None:
    assert f"{numbers['avp']['min_mmHg']:.1f}" in page
    assert f"{numbers['apg']['ef_pct']:.1f}" in page


def test_numbers_hold_every_section(numbers: dict) -> None:
    assert set(numbers["network"]) == {"foot", "ankle", "deep_calf", "superficial_calf", "popliteal",
                                       "superficial_thigh", "femoral", "iliac"}
    ankle = numbers["network"]["ankle"]
    assert ankle["walking_mmHg"] < ankle["standing_mmHg"]
    labels = [w["label"] for w in numbers["walk_comparison"]]
    assert len(labels) == 2 and "pain-free" in labels[0] and "heel pain 6" in labels[1]
    rows = numbers["remedies"]["rows"]
    assert [r["name"] for r in rows] == [r.name for r in REMEDIES]
    for r in rows:
        if not r["leg_changed"]:  # a change of the day leaves the clinic tests as they were
            assert r["d_avp_min_mmHg"] == r["d_ef_pct"] == r["d_rvf_pct"] == 0.0
    base, nat = numbers["remedies"]["baseline"], numbers["remedies"]["natural_course"]
    for r in rows:  # each change is against what the row says it is compared with
        before = nat if r["compared_with"] == "natural course" else base
        for k in ("avp_min_mmHg", "ef_pct", "rvf_pct", "evening_swelling_pct"):
            assert r[f"d_{k}"] == pytest.approx(r[k] - before[k], abs=2e-3), (r["name"], k)
    assert nat["weeks"] == PROGRAMME_WEEKS and nat["heel_pain"] < numbers["person"]["heel_pain"]
    named = {r["name"]: r for r in rows}
    for name in ("calf exercise programme", "calf stretching"):
        r = named[name]
        assert r["compared_with"] == "natural course" and r["leg_changed"] and r["weeks"] == PROGRAMME_WEEKS
        assert f"for {PROGRAMME_WEEKS} weeks" in r["dose"]
        assert r["d_ef_pct"] > 0 and r["d_rvf_pct"] < 0 and r["d_avp_min_mmHg"] < 0  # Padberg 2004's direction
    assert "calf strength 0.90 -> 1.0" in named["calf exercise programme"]["dose"]
    assert "ankle range 40.0 -> 43.0 degrees" in named["calf stretching"]["dose"]
    assert "heel pain 6.0 -> 4.9 (5.7 without it)" in named["calf stretching"]["dose"]


# ---- the programme remedies: the person after calfpump.programme ---------------------------------
def test_programme_remedy_is_the_person_on_the_programmes_last_day() -> None:
    person = Person(heel_pain=6, calf_strength=0.9, ankle_rom_deg=40.0)
    r = remedy("calf exercise programme")
    res = simulate_programme(person, list(r.programme), days=7 * r.weeks, apg_every_days=None)
    last = res.daily.iloc[-1]
    after = after_programme(person, r.programme, r.weeks)
    assert int(last["day"]) == 7 * PROGRAMME_WEEKS
    assert (after.calf_strength, after.ankle_rom_deg, after.heel_pain) == (
        last["calf_strength"], last["ankle_rom_deg"], last["heel_pain"])
    assert after.calf_strength > person.calf_strength * 1.15  # +21 % at 12 weeks (docs/programme.md)
    without = natural_course(person, r.weeks)
    assert (without.calf_strength, without.ankle_rom_deg) == (person.calf_strength, person.ankle_rom_deg)
    assert without.heel_pain == after.heel_pain < person.heel_pain  # exercise does not speed healing
    assert natural_course(Person(), r.weeks) == Person()  # pain-free: nothing changes by itself


def test_a_remedy_is_a_simulation_not_a_constant() -> None:
    """Only shoes and the stocking change the leg directly; those are person fields that the
    simulation maps (calfpump.footwear, the stocking law), not sizes of an outcome."""
    for r in REMEDIES:
        if r.programme:
            assert r.change_person is None and r.weeks == PROGRAMME_WEEKS
    with pytest.raises(ParameterError, match="calf exercise and stretching"):
        dataclasses.replace(remedy("calf stretching"), programme=("stockings 20 mmHg",))


# ---- the page ----------------------------------------------------------------------------
def _pngs(page: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r'(src|href)="(?!data:|#)', page), "the page loads something from outside"
    assert "<script" not in page


def test_figures_are_non_empty_pngs(page: str) -> None:
    import matplotlib.image as mpimg

    pngs = _pngs(page)
    assert len(pngs) >= 4  # network, walk, APG, remedies (+ the day with calfpump.day)
    for png in pngs:
        assert png.startswith(b"\x89PNG")
        img = mpimg.imread(io.BytesIO(png), format="png")
        assert img.shape[0] > 200 and img.shape[1] > 400
        assert img[..., :3].std() > 0.05, "a blank figure"


def test_page_says_what_it_is_and_when_to_see_a_specialist(page: str) -> None:
    for text in ("not a diagnosis", "education and research", "vein specialist",
                 "heel pain lasting weeks", "varicose veins", "skin discoloration", "swelling",
                 "Nicolaides", "Christopoulos", "Radford", "Peterson", "Hansen",
                 f"for {PROGRAMME_WEEKS} weeks", "natural course"):
        assert text in page, text
    assert "placeholder" not in page


def test_every_user_string_is_escaped() -> None:
    report = dataclasses.replace(_small_report(), label="<script>alert(1)</script>",
                                 reference_label="<b>x</b> & 'y'")
    html_page = report.to_html()
    assert "<script>" not in html_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_page
    assert "<b>x</b>" not in html_page and "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27;" in html_page


# ---- the output folder -------------------------------------------------------------------
def test_folder_with_files_is_refused_then_replaced_with_force(cli_report: Path, person_file: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(cli_report, out)
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    (out / REPORT_FILE).write_text("old", encoding="utf-8")
    res = runner.invoke(app, ["report", "--person", str(person_file), "--out", str(out)])
    assert res.exit_code == 2
    assert "holds 3 file(s)" in res.stderr and "--force" in res.stderr
    assert (out / REPORT_FILE).read_text(encoding="utf-8") == "old"
    res = runner.invoke(app, ["report", "--person", str(person_file), "--out", str(out), "--force"])
    assert res.exit_code == 0, res.output
    assert (out / REPORT_FILE).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_empty_existing_folder_is_used(tmp_path: Path, cli_report: Path) -> None:
    report = _small_report()
    out = tmp_path / "empty"
    out.mkdir()
    assert report.write(out) == out / REPORT_FILE
    assert sorted(p.name for p in out.iterdir()) == [REPORT_FILE, NUMBERS_FILE]


def _read_only_folder() -> Path | None:
    """A folder that even root cannot write (a read-only kernel file system), if there is one."""
    for candidate in (Path("/proc/sys"), Path("/sys/kernel")):
        if candidate.is_dir() and not os.access(candidate, os.W_OK):
            return candidate
    return None


@pytest.mark.parametrize("case", ["missing parent", "parent is a file", "out is a file", "read-only",
                                  "read-only file system"])
def test_unwritable_output_fails_clearly_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    if case == "read-only" and os.geteuid() == 0:
        pytest.skip("running as root: a read-only folder is still writable (see 'read-only file system')")
    if case == "read-only file system":
        folder = _read_only_folder()
        if folder is None:
            pytest.skip("no read-only file system here")
        out = folder / "calfpump-report"
        res = runner.invoke(app, ["report", "--out", str(out)])
        assert res.exit_code == 2
        assert "not writable" in res.stderr and "Traceback" not in res.output
        assert not out.exists()
        return
    if case == "missing parent":
        out, expected = tmp_path / "nope" / "out", "does not exist"
    elif case == "parent is a file":
        (tmp_path / "f").write_text("x")
        out, expected = tmp_path / "f" / "out", "does not exist"
    elif case == "out is a file":
        (tmp_path / "out").write_text("x")
        out, expected = tmp_path / "out", "is a file"
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        out, expected = ro / "out", "not writable"
    before = {p.name for p in tmp_path.iterdir()}
    try:
        res = runner.invoke(app, ["report", "--out", str(out)])
        assert res.exit_code == 2
        assert expected in res.stderr and "Traceback" not in res.output
        assert {p.name for p in tmp_path.iterdir()} == before
    finally:
        if (tmp_path / "ro").exists():
            (tmp_path / "ro").chmod(0o700)


@pytest.mark.parametrize(("content", "expected"), [
    ('heel_pain = 11\nfootwear = "clogs"\n', ("person.heel_pain = 11", "clogs")),
    ("heel_pain = \n", ("not valid TOML",)),
    ("shoe_size = 44\n", ("shoe_size",)),
    (None, ("cannot read",)),
])
def test_bad_person_file_fails_clearly_and_writes_nothing(tmp_path: Path, content: str | None,
                                                          expected: tuple[str, ...]) -> None:
    bad = tmp_path / "bad.toml"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["report", "--person", str(bad), "--out", str(out)])
    assert res.exit_code == 2
    for text in expected:
        assert text in res.stderr, (text, res.stderr)
    assert "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == (["bad.toml"] if content is not None else [])


def test_failure_to_create_the_temporary_folder_is_clear(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder passes the access check but cannot be written (a full or read-only disk)."""
    report = _small_report()

    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("calfpump.report.tempfile.mkdtemp", denied)
    with pytest.raises(OutputError, match="cannot write the report.*Permission denied"):
        report.write(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_failure_while_moving_into_place_leaves_nothing(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    report = _small_report()
    out = tmp_path / "out"

    def broken_rename(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("calfpump.report.os.rename", broken_rename)
    with pytest.raises(OutputError, match="No space left on device"):
        report.write(out)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_building_the_page_leaves_nothing(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    report = _small_report()

    def broken(self: Report) -> str:
        raise RuntimeError("figure failed")

    monkeypatch.setattr(Report, "to_html", broken)
    with pytest.raises(RuntimeError):
        report.write(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


_SMALL: list[Report] = []


def _small_report() -> Report:
    """A report built once for the folder tests (the healthy person)."""
    if not _SMALL:
        _SMALL.append(build_report(Person()))
    return _SMALL[0]


# ---- demo ----------------------------------------------------------------------------------
def test_demo_needs_no_arguments_and_says_where_the_report_is(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["demo"])
    assert res.exit_code == 0, res.output
    path = (tmp_path / "calfpump-demo" / REPORT_FILE).resolve()
    assert path.is_file()
    assert str(path) in res.stdout.replace("\n", "")
    data = json.loads((path.parent / NUMBERS_FILE).read_text(encoding="utf-8"))
    assert data["person"]["heel_pain"] == 6.0 and data["person"]["footwear"] == "firm-flat"
    assert "pain-free" in data["reference"]["label"]


# ---- the remedies' day changes -----------------------------------------------------------------
def test_default_day_and_remedy_days_last_24_hours() -> None:
    assert Protocol(default_day()).duration_s == 24 * 3600
    for r in REMEDIES:
        proto = Protocol(default_day(r.day_changes))
        assert proto.duration_s == 24 * 3600, r.name
        assert bedtime_s(proto) == 16 * 3600, r.name
    assert len({r.name for r in REMEDIES}) == len(REMEDIES)
    assert {name for name, _ in DAY_PARTS} >= {k for r in REMEDIES for k in r.day_changes}


def test_unknown_remedy_and_day_part_name_what_is_allowed() -> None:
    with pytest.raises(ParameterError, match="walking breaks"):
        remedy("dancing")
    with pytest.raises(ParameterError, match="evening"):
        default_day({"siesta": ("Lie for 1 hour",)})


# ---- the day (calfpump.day) ----------------------------------------------------------------------
def test_day_section_and_evening_swelling(numbers: dict, page: str) -> None:
    assert set(numbers["day"]) >= {"mean_foot_pressure_mmHg", "peak_lower_leg_volume_change_pct"}
    assert numbers["evening_swelling_pct"] == numbers["remedies"]["baseline"]["evening_swelling_pct"]
    assert len(_pngs(page)) == 5
    rows = {r["name"]: r for r in numbers["remedies"]["rows"]}
    assert rows["legs raised in the evening"]["d_evening_swelling_pct"] < 0
    # seated, the tissue gains free fluid hour by hour; the walks drain some of it, and the
    # bedtime tissue fluid is lower (docs/model-status.md)
    assert rows["walking breaks"]["d_evening_swelling_pct"] < 0


def test_the_day_comes_from_the_day_simulator(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every day of the report (the section and each remedy's) is calfpump.day.simulate_day."""
    import calfpump.report as report_module

    calls: list[str] = []
    real = report_module.simulate_day

    def spy(protocol: object, params: object, method: str = "fast") -> object:
        calls.append(method)
        raise RuntimeError("stop here")

    monkeypatch.setattr(report_module, "simulate_day", spy)
    with pytest.raises(RuntimeError, match="stop here"):
        report_module.simulate_report_day(Person().parameters(ParameterValues.preset("healthy")),
                                          Protocol(default_day()))
    assert calls == ["fast"] and real.__module__ == "calfpump.day"
    assert not hasattr(report_module, "DayUnavailable")


# ---- a real browser --------------------------------------------------------------------------
# Debian's chromium (``apt-get install chromium``) or any Chrome on PATH; Playwright is used when
# it is installed (it is not a test dependency: about 165 MB). Flags: no sandbox (CI runs as
# root), and no background networking (the machine's network is closed; Chromium's own calls
# would only add noise to its log).
_CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync")
# Appended to a copy of the report: after the page has loaded, one console line that says, image
# by image, whether it decoded to a non-empty picture.
_PROBE = ("<script>window.addEventListener('load', () => console.log('PROBE ' + "
          "Array.from(document.images).map(i => (i.complete && i.naturalWidth > 0) ? 1 : 0)"
          ".join('')));</script>")


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _render_with_playwright(url: str, exe: str | None) -> tuple[list[str], list[tuple[bool, int]]] | None:
    try:
        from playwright.sync_api import sync_playwright  # type: ignore[import-not-found]
    except ImportError:
        return None
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=exe, args=list(_CHROMIUM_FLAGS[1:]))
        except Exception:  # noqa: BLE001 - playwright without a browser it can start
            return None
        errors: list[str] = []
        pg = browser.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.goto(url)
        sizes = pg.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
        browser.close()
    return errors, [(bool(ok), int(w)) for ok, w in sizes]


def test_renders_in_headless_chromium(cli_report: Path, tmp_path: Path) -> None:
    """The report opens in a real browser with no script error and every figure decoded."""
    exe = _browser()
    url = (cli_report / REPORT_FILE).resolve().as_uri()
    rendered = _render_with_playwright(url, exe)
    if rendered is not None:
        errors, sizes = rendered
        assert not errors
        assert len(sizes) >= 4 and all(ok and width > 0 for ok, width in sizes)
        return
    if exe is None:
        pytest.skip("no headless browser: none of chromium, chromium-browser, google-chrome on PATH "
                    "(Debian: apt-get install chromium) and playwright is not installed")
    html = (cli_report / REPORT_FILE).read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    res = subprocess.run([exe, *_CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                          "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    console = [line for line in res.stderr.splitlines() if ":CONSOLE" in line]
    probes = [line for line in console if '"PROBE ' in line]
    assert [line for line in console if line not in probes] == []  # no script error, no warning
    assert len(probes) == 1, res.stderr[-2000:]
    flags = probes[0].split('"PROBE ', 1)[1].split('"', 1)[0]
    assert len(flags) >= 4 and set(flags) == {"1"}, flags  # every figure decoded, none empty
    assert res.stdout.count("<img") == len(flags)
    shot = tmp_path / "shot.png"
    res = subprocess.run([exe, *_CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}",
                          "--window-size=1000,3000", f"--screenshot={shot}", url],
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("content", [None, "time,steps\n", "not,a\nstep,file\n"])
def test_bad_steps_file_fails_clearly_and_writes_nothing(tmp_path: Path, content: str | None) -> None:
    steps = tmp_path / "steps.csv"
    if content is not None:
        steps.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(app, ["report", "--steps", str(steps), "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert "steps.csv" in res.stderr and "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == (["steps.csv"] if content is not None else [])


def test_recorded_day_names_the_day_and_the_files_cleaning(tmp_path: Path) -> None:
    """The report's day from a step file says which day, how many of its minutes have steps and
    what the reader cleaned (as `calfpump day` does on stderr), never a silent change."""
    from calfpump.report import _recorded_day

    steps = tmp_path / "steps.csv"
    steps.write_text("timestamp,steps\n2024-03-01T09:00:00+01:00,80\n2024-03-01T09:00:00+01:00,80\n"
                     "2024-03-01T09:01:00+01:00,90\n", encoding="utf-8")
    protocol, text = _recorded_day(steps, 100.0)
    assert len(protocol) > 1
    assert text.startswith("recorded steps from steps.csv, day 2024-03-01")
    assert "2 of 1440 minutes with step data" in text
    assert "cleaning" in text and "duplicate" in text, text


def test_force_refuses_a_folder_in_the_place_of_a_report_file(tmp_path: Path) -> None:
    """--force replaces report.html and report.json one after the other; where report.json was a
    folder, the new report.html was moved in and then the move of report.json failed, leaving a
    new page beside the old numbers (and minutes of work lost). Such a folder is refused before
    any work, and nothing is written."""
    from calfpump.report import check_output_dir

    out = tmp_path / "r"
    (out / "report.json").mkdir(parents=True)
    (out / "report.json" / "old.json").write_text("{}")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"report\.json.*not a file"):
        check_output_dir(out, force=True)
    r = CliRunner().invoke(app, ["demo", "--out", str(out), "--force"])
    assert r.exit_code == 2 and "report.json" in r.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "report.json"]
