"""The ``calfpump`` command line.

``calfpump run STEP... [--preset NAME] [--out FILE.parquet] [--plot FILE.png] [--json]``
simulates a protocol and prints one row per step; ``calfpump presets`` lists
the parameter sets. Errors in the input print one clear line and exit with
status 2; nothing is half-written.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import CalfpumpError, DataError
from .parameters import list_presets, preset_description
from .protocol import EXAMPLES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # help texts are Rich markup whatever typer's default: a help text with a literal "[...]"
    # goes through rich.markup.escape, or Rich drops it as a style tag
    rich_markup_mode="rich",
    help="Simulate the calf muscle pump and venous return of the leg "
    "(a research and education model, not a diagnostic device).",
)
_out = Console(width=max(100, shutil.get_terminal_size((120, 24)).columns))
_err = Console(stderr=True)

def _number_or_text(value: str) -> float | str:
    """A person option's number; text that is not one (``"20 mmHg"``, ``"true"``) is kept as it is,
    for :class:`~calfpump.person.Person` to refuse with the field's name and its allowed range
    (typer's own error names neither)."""
    try:
        return float(value)
    except ValueError:
        return value


PRESET_OPTION = typer.Option("--preset", "-p", help="Parameter set (see 'calfpump presets').")
PERSON_OPTION = typer.Option("--person", help="A person file (TOML): body, gait, heel and shoes; the "
                             "other person options given override its fields.")
HEEL_PAIN_OPTION = typer.Option("--heel-pain", parser=_number_or_text, metavar="FLOAT", help="Plantar fasciitis heel pain, 0-10.")
FOOTWEAR_OPTION = typer.Option("--footwear", help="barefoot, athletic, firm-flat, high-heel or orthotic.")
ARCH_OPTION = typer.Option("--arch-type", help="Foot arch: normal, flat or high (its effect on the foot pump).")
ROM_OPTION = typer.Option("--ankle-rom-deg", parser=_number_or_text, metavar="FLOAT", help="Ankle range of motion, degrees.")
STRENGTH_OPTION = typer.Option(
    "--calf-strength", parser=_number_or_text, metavar="FLOAT", help="Calf strength relative to a healthy adult (the calf pump follows it up to 1).")
STOCKING_OPTION = typer.Option("--stocking-mmHg", parser=_number_or_text, metavar="FLOAT", help="Compression stocking pressure at the ankle, mmHg "
                               "(US classes 15-20 / 20-30 / 30-40; RAL I 18-21, II 23-32, III 34-46, IV 49 and more).")
STOCKING_CLASS_OPTION = typer.Option("--stocking-class", help="Compression stocking class instead of "
                                     "--stocking-mmHg: 15-20, 20-30, 30-40 (US, mmHg) or RAL-I to RAL-IV "
                                     "(the middle of the class's range; RAL-IV at 49 mmHg).")
STOCKING_LENGTH_OPTION = typer.Option("--stocking-length", help="Compression stocking length: knee "
                                      "(default) or thigh (the thigh-high garment also presses the thigh veins).")
SEVERITY_OPTION = typer.Option("--severity", help="Severity of a disease preset, 0 (its base) to 1.")
PLOT_OPTION = typer.Option("--plot", help="Write the annotated trace to this PNG file.")
JSON_OPTION = typer.Option("--json", help="Print one JSON object instead of a table.")


#: The person options every simulating command takes: parameter name, type, option.
_PERSON_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("person_file", Path | None, PERSON_OPTION),
    ("heel_pain", float | None, HEEL_PAIN_OPTION),
    ("footwear", str | None, FOOTWEAR_OPTION),
    ("ankle_rom_deg", float | None, ROM_OPTION),
    ("calf_strength", float | None, STRENGTH_OPTION),
    ("stocking_mmHg", float | None, STOCKING_OPTION),
    ("stocking_class", str | None, STOCKING_CLASS_OPTION),
    ("stocking_length", str | None, STOCKING_LENGTH_OPTION),
    ("arch_type", str | None, ARCH_OPTION),
)


def _person_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the person options (``--person FILE``, ``--heel-pain``, ...) where its
    signature has ``person``; it receives them as one dict, ``file`` and the person's fields,
    each None when not given. One list of options, so a new lever reaches every command."""
    signature = inspect.signature(command, eval_str=True)
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name == "person":
            params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                         annotation=Annotated[tp, option])
                       for name, tp, option in _PERSON_OPTIONS]
        else:
            params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        person = {"file": kwargs.pop("person_file")}
        person.update({name: kwargs.pop(name) for name, _, _ in _PERSON_OPTIONS[1:]})
        command(person=person, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _person_from(person: dict[str, Any]) -> Any:
    """The :class:`~calfpump.person.Person` of the person options: the file, then the overrides."""
    from .person import Person

    options = dict(person)
    file = options.pop("file", None)
    return (Person.from_toml(file) if file is not None else Person.create()).with_changes(**options)


STEP_HELP = "Protocol steps, e.g. " + "; ".join(f"'{e}'" for e in EXAMPLES[:4])


def _fail(message: str) -> None:
    # the message quotes the user's input (steps, file names): text, never Rich markup
    _err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def _check_output_path(path: Path, option: str) -> None:
    """Refuse, before any work, an output path that cannot be written or names another format
    (``--out`` writes Parquet, ``--plot`` PNG)."""
    from .io import FORMAT_SUFFIXES, check_suffix

    fmt = "PNG" if option == "--plot" else "Parquet"
    try:
        check_suffix(path, FORMAT_SUFFIXES[fmt], fmt)
    except CalfpumpError as exc:
        _fail(f"{option}: {exc}")
    if fmt == "Parquet" and not str(path).isascii():
        try:  # the Parquet writer takes the name as UTF-8 text: bytes that are not raise deep inside it
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            _fail(f"{option} {str(path)!r}: the name is not UTF-8 text (a byte shown as '\\udcXX'); "
                  "the Parquet file needs a name in UTF-8")
    parent = path.parent if str(path.parent) else Path(".")
    if not os.access(parent, os.W_OK):
        _fail(f"{option} {str(path)!r}: folder {str(parent)!r} is not writable")


def _check_output_paths(out: Path | None, plot: Path | None) -> None:
    """Check ``--out`` and ``--plot`` before any work; the two may not name one file."""
    for path, option in ((out, "--out"), (plot, "--plot")):
        if path is not None:
            _check_output_path(path, option)
    if out is not None and plot is not None and os.path.realpath(out) == os.path.realpath(plot):
        _fail(f"--out and --plot name the same file {str(out)!r}; the figure would replace the table")


def _finite(x: object) -> float:
    if not isinstance(x, (int, float)) or not math.isfinite(x):
        raise CalfpumpError("a result is not a finite number; the run is not trustworthy")
    return round(float(x), 6)


def _write_outputs(result: Any, out: Path | None, plot: Path | None) -> None:
    """Write a result's table (``--out``, Parquet) and figure (``--plot``), when asked."""
    if out is not None:
        result.to_parquet(out)
    if plot is not None:
        result.plot(plot)


def _print_written(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            _out.print(f"wrote {escape(str(path))}", highlight=False, soft_wrap=True)


@app.command()
@_person_options
def run(
    steps: Annotated[list[str], typer.Argument(help=STEP_HELP, show_default=False)],
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the full trace to this Parquet file.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a figure of the run to this PNG file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
    save_every_s: Annotated[float, typer.Option("--save-every", help="Sample interval of the trace, s.")] = 0.05,
) -> None:
    """Simulate a protocol and summarise each step (foot pressure, calf volume)."""
    from .protocol import Protocol
    from .simulation import simulate

    _check_output_paths(out, plot)
    try:
        protocol = Protocol(steps)
        params = _parameters(
            preset, severity,
            person or {},
        )
        sol = simulate(protocol, params, save_every_s=save_every_s)
        rows = [
            {k: (v if k == "step" else _finite(v)) for k, v in row.items()}
            for row in sol.step_summary()
        ]
        _write_outputs(sol, out, plot)
    except CalfpumpError as exc:  # OutputError included
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps({"steps": rows}, allow_nan=False))
        return
    table = Table(title=f"calfpump run ({preset})", title_justify="left")
    table.add_column("step")
    for col in ("foot mean [mmHg]", "foot min [mmHg]", "foot end [mmHg]", "calf volume end [mL]"):
        table.add_column(escape(col), justify="right")
    for row in rows:
        table.add_row(
            escape(str(row["step"])), f"{row['foot_mean_mmHg']:.1f}", f"{row['foot_min_mmHg']:.1f}",
            f"{row['foot_end_mmHg']:.1f}", f"{row['calf_volume_end_mL']:.1f}",
        )
    _out.print(table)
    _out.print("foot = dorsal foot/ankle vein pressure; a research and education model, not a diagnosis.",
               style="dim")
    _print_written(out, plot)


#: The plantar-fasciitis preset as person options (its file: heel pain 6 x severity on healthy).
_PF_AS_PERSON = "--preset healthy --heel-pain 6"


def _parameters(preset: str, severity: float, person: dict[str, Any]) -> Any:
    """The preset at its severity, with the person (file and overrides) on top when given."""
    from .parameters import ParameterValues
    from .person import check_veins_only

    params = ParameterValues.preset(preset, severity)
    if all(v is None for v in person.values()):
        return params
    who = _person_from(person)
    check_veins_only(params, "--preset", _PF_AS_PERSON)  # a person would silently replace a preset's gait
    return who.parameters(params)


def _clinical_test(
    title: str,
    run: Callable[[Any], Any],
    labels: dict[str, str],
    preset: str,
    severity: float,
    person: dict[str, Any],
    plot: Path | None,
    as_json: bool,
) -> None:
    """Run a virtual clinical test on a preset; print its JSON object or a table; write its figure."""
    if plot is not None:
        _check_output_path(plot, "--plot")
    try:
        result = run(_parameters(preset, severity, person))
        values = {k: _finite(v) for k, v in result.to_dict().items()}
        if plot is not None:
            result.plot(plot)
    except CalfpumpError as exc:
        _fail(str(exc))
    lower_bounds: tuple[str, ...] = getattr(result, "lower_bounds", tuple)()  # a reading cut off by the window
    for note in getattr(result, "notes", list)():
        _err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    if as_json:
        typer.echo(json.dumps(values, allow_nan=False))
        return
    table = Table(title=title, title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, label in labels.items():
        table.add_row(escape(label), ("at least " if key in lower_bounds else "") + f"{values[key]:.2f}")
    _out.print(table)
    _out.print("a research and education model, not a diagnosis.", style="dim")
    if plot is not None:
        _out.print(f"wrote {escape(str(plot))}", highlight=False, soft_wrap=True)


@app.command()
@_person_options
def avp(
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    exercise: Annotated[str, typer.Option("--exercise", help="'tiptoe' (10 at 1 Hz) or 'walk' (10 steps).")] = "tiptoe",
    plot: Annotated[Path | None, PLOT_OPTION] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Virtual ambulatory venous pressure test: rest, minimum, drop and refill time (RT90)."""
    from .avp import ambulatory_venous_pressure

    _clinical_test(
        f"Ambulatory venous pressure ({preset}, {exercise})",
        lambda params: ambulatory_venous_pressure(params, exercise=exercise),
        {"rest_mmHg": "resting pressure [mmHg]", "min_mmHg": "ambulatory (minimum) pressure [mmHg]",
         "drop_pct": "drop [%]", "rt90_s": "refill time RT90 [s]"},
        preset, severity,
        person or {},
        plot, as_json,
    )


@app.command()
@_person_options
def apg(
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    tourniquet: Annotated[bool, typer.Option("--tourniquet", help="Occlude the superficial veins below the knee.")] = False,
    plot: Annotated[Path | None, PLOT_OPTION] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Virtual air plethysmography (Christopoulos): VV, VFI, EV, EF, RV, RVF."""
    from .apg import air_plethysmography

    _clinical_test(
        f"Air plethysmography ({preset}{', tourniquet' if tourniquet else ''})",
        lambda params: air_plethysmography(params, tourniquet=tourniquet),
        {"vv_mL": "venous volume VV [mL]", "vfi_mL_s": "venous filling index VFI [mL/s]",
         "ev_mL": "ejected volume EV [mL]", "ef_pct": "ejection fraction EF [%]",
         "rv_mL": "residual volume RV [mL]", "rvf_pct": "residual volume fraction RVF [%]"},
        preset, severity,
        person or {},
        plot, as_json,
    )


@app.command()
@_person_options
def reflux(
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    plot: Annotated[Path | None, PLOT_OPTION] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Virtual duplex reflux time after a calf squeeze: saphenofemoral junction, popliteal vein."""
    from .reflux import duplex_reflux

    _clinical_test(
        f"Duplex reflux ({preset})",
        duplex_reflux,
        {"sfj_reflux_s": "saphenofemoral junction reflux [s]",
         "popliteal_reflux_s": "popliteal vein reflux [s]"},
        preset, severity,
        person or {},
        plot, as_json,
    )


@app.command()
def validate(
    only: Annotated[list[str] | None, typer.Option("--only", help="Check only this target id (repeatable).")] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Run every virtual test against the published targets; print model vs published, pass/fail."""
    from .validation import validate as run_validation

    try:
        rows = run_validation(only)
    except CalfpumpError as exc:
        _fail(str(exc))
    counts = {s: sum(r.status == s for r in rows) for s in ("pass", "fail", "skip")}
    if as_json:
        typer.echo(json.dumps({"counts": counts, "rows": [r.to_dict() for r in rows]}, allow_nan=False))
        return
    table = Table(title="calfpump validate (healthy and disease presets)", title_justify="left")
    for col in ("target", "model", "published", "range", "unit", "result"):
        table.add_column(col, justify="right" if col in ("model", "published", "range") else "left")
    colours = {"pass": "green", "fail": "red", "skip": "dim"}
    for r in rows:
        rng = f"{r.low:g}-{r.high:g}" if r.low is not None and r.high is not None else ""
        model = "" if r.model is None else f"{r.model:.3g}"
        result = r.status if not r.note else f"{r.status}: {r.note}"
        table.add_row(r.id, model, escape(r.published), rng, escape(r.unit),
                      f"[{colours[r.status]}]{escape(result)}[/]")
    _out.print(table)
    _out.print(f"{counts['pass']} pass, {counts['fail']} fail, {counts['skip']} skipped "
               f"(of {len(rows)} targets checked, from data/targets.csv)")


@app.command()
@_person_options
def day(
    steps: Annotated[list[str] | None, typer.Argument(help="The day as protocol steps (instead of --steps).",
                                                     show_default=False)] = None,
    steps_file: Annotated[Path | None, typer.Option(
        "--steps", help="Minute step counts: CSV (timestamp,steps), Garmin FIT or Apple Health export.xml."
    )] = None,
    schedule_file: Annotated[Path | None, typer.Option(
        "--schedule", help="Posture blocks for minutes without steps, e.g. '09:00-17:00 sit'."
    )] = None,
    date: Annotated[str | None, typer.Option("--date", help="Day of the step data (YYYY-MM-DD); "
                                             "default: the day with most steps.")] = None,
    tz: Annotated[str | None, typer.Option("--tz", help="Time zone of the day, e.g. Europe/Berlin or +01:00 "
                                           "(naive timestamps are read in it); default: the file's one UTC "
                                           "offset, else UTC.")] = None,
    unknown: Annotated[str | None, typer.Option(
        "--unknown", help="Posture of the minutes with no steps and no schedule block (unknown minutes "
        "included): sit (default), stand, lie or legs-raised.")] = None,
    method: Annotated[str, typer.Option("--method", help="fast (two time scales) or full.")] = "fast",
    start: Annotated[str, typer.Option(
        "--start", help="Tissue fluid at the start: reference (morning, up and about) or periodic "
        "(as the day ends, for a day that repeats).")] = "reference",
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the minute table to this Parquet file.")] = None,
    plot: Annotated[Path | None, PLOT_OPTION] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Simulate a day minute by minute: foot venous pressure, calf pump, swelling."""
    from .day import day_protocol, simulate_day

    _check_output_paths(out, plot)
    if (steps_file is None) == (not steps):
        _fail("give the day either as protocol steps or as --steps FILE (one of them); e.g. "
              "calfpump day 'Lie for 8 hours' 'Sit for 8 hours' 'Stand for 8 hours'")
    if schedule_file is not None and steps_file is None:
        _fail("--schedule needs --steps FILE (a protocol already says what every minute is)")
    for value, option in ((unknown, "--unknown"), (date, "--date"), (tz, "--tz")):
        if value is not None and steps_file is None:
            _fail(f"{option} {value!r} needs --steps FILE: it applies to step data, not to a protocol")
    postures = ("sit", "stand", "lie", "legs-raised")
    if unknown is not None and unknown not in postures:
        _fail(f"--unknown {unknown!r}: must be one of {', '.join(postures)}")
    assumed = unknown if unknown is not None else "sit"
    if method not in ("fast", "full"):
        _fail(f"--method {method!r}: must be 'fast' or 'full'")
    if start not in ("reference", "periodic"):
        _fail(f"--start {start!r}: must be 'reference' or 'periodic'")
    try:
        params = _parameters(
            preset, severity,
            person or {},
        )
        if steps_file is not None:
            from .schedule import Schedule
            from .timeline import minute_table
            from .wearables import read_steps

            series = read_steps(steps_file, tz=tz)
            for note in series.notes:  # the cleaning actions: never a silent change of the day
                _err.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
            schedule = Schedule.from_file(schedule_file) if schedule_file is not None else None
            table = minute_table(series, schedule, date=date, unknown=assumed)
            known = int(table["steps"].notna().sum())
            rest = (f"minutes without steps follow the schedule, else {assumed}" if schedule is not None
                    else f"minutes without steps: {assumed} (no --schedule)")
            _err.print(f"note: day {table['time'].iloc[0].date()} ({series.tz}): {known} of {len(table)} "
                       f"minutes with step data; {rest}", highlight=False, soft_wrap=True)
            if not known:
                dates = series.dates()
                if date is None:  # the busiest day has no known minute: nor has any other
                    raise DataError(
                        f"{str(steps_file)!r}: no minute with a usable step count on any day (every "
                        f"minute unknown) from {dates[0]} to {dates[-1]}; allowed: a file with at least "
                        "one minute of 0 to 300 steps")
                raise DataError(
                    f"--date: no step data on {table['time'].iloc[0].date()} (every minute unknown); "
                    f"{str(steps_file)!r} covers {dates[0]} to {dates[-1]}; allowed: a day "
                    "with at least one known minute")
            protocol: Any = day_protocol(table, habitual_cadence_spm=params["habitual_cadence_spm"],
                                         unknown=assumed)
        else:
            protocol = steps
        result = simulate_day(protocol, params, method=method, start=start)  # type: ignore[arg-type]
        values = result.to_dict()
        values = {k: (int(v) if k == "calf_pump_ejections" else _finite(v)) for k, v in values.items()}
        _write_outputs(result, out, plot)
    except CalfpumpError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(values, allow_nan=False))
        return
    table_out = Table(title=f"calfpump day ({preset}, {method})", title_justify="left")
    table_out.add_column("measure")
    table_out.add_column("value", justify="right")
    labels = {
        "mean_foot_pressure_mmHg": "mean foot venous pressure [mmHg]",
        "minutes_above_50_mmHg": "minutes with foot pressure above 50 mmHg",
        "calf_pump_ejections": "calf pump contractions",
        "lower_leg_volume_change_pct": "lower-leg volume change [%]",
        "lower_leg_volume_change_mL": "lower-leg volume change [mL]",
        "peak_lower_leg_volume_change_pct": "largest swelling of the day [%]",
        "ankle_circumference_change_mm": "ankle circumference change [mm]",
        "peak_ankle_circumference_change_mm": "largest ankle circumference change [mm]",
    }
    for key, label in labels.items():
        table_out.add_row(escape(label), f"{values[key]:.2f}" if key != "calf_pump_ejections"
                          else str(values[key]))
    _out.print(table_out)
    _out.print("a research and education model, not a diagnosis.", style="dim")
    _print_written(out, plot)


@app.command()
def presets(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List the built-in parameter sets."""
    names = list_presets()
    if as_json:
        typer.echo(json.dumps([{"name": n, "description": preset_description(n)} for n in names]))
        return
    for n in names:
        _out.print(f"[bold]{n}[/]  {preset_description(n)}", highlight=False)

# ---- report and demo: the story in one command (issue 6) ----------------------------------
OUT_DIR_OPTION = typer.Option("--out", "-o", help="Folder for report.html and report.json.")
FORCE_OPTION = typer.Option("--force", help="Replace report.html and report.json in a folder that holds files.")


def _write_report(build: Callable[[], Any], out: Path, force: bool) -> None:
    """Check the folder, build the report, write it whole or not at all, say where it is."""
    from .report import check_output_dir

    try:
        check_output_dir(out, force)  # refuse before minutes of work
        path = build().write(out, force=force)
    except CalfpumpError as exc:  # OutputError included
        _fail(str(exc))
    _out.print(f"wrote {escape(str(path.resolve()))}", highlight=False, soft_wrap=True)
    _out.print(f"open it in a browser: {escape(path.resolve().as_uri())}", highlight=False, soft_wrap=True)
    _out.print("a research and education model, not a diagnosis.", style="dim")


@app.command()
@_person_options
def report(
    person: dict[str, Any] | None = None,
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    steps_file: Annotated[Path | None, typer.Option(
        "--steps", help="A wearable's step counts for the day section.")] = None,
    out: Annotated[Path, OUT_DIR_OPTION] = Path("calfpump-report"),
    force: Annotated[bool, FORCE_OPTION] = False,
) -> None:
    """Write a self-contained HTML report for one person: veins, 10 steps, APG, a day, remedies."""
    from .parameters import ParameterValues
    from .report import build_report

    def build() -> Any:
        from .person import check_veins_only

        who, base = _person_from(person or {}), ParameterValues.preset(preset, severity)
        check_veins_only(base, "--preset", _PF_AS_PERSON)  # the report always puts a person on the veins
        return build_report(who, base=base, steps_file=steps_file)

    _write_report(build, out, force)


@app.command()
def demo(
    out: Annotated[Path, OUT_DIR_OPTION] = Path("calfpump-demo"),
    force: Annotated[bool, FORCE_OPTION] = False,
) -> None:
    """The report for built-in example people: an office worker pain-free and with heel pain 6."""
    from .report import build_demo_report

    _write_report(build_demo_report, out, force)


PROGRAMME_HELP = ("Programme lines, e.g. 'calf exercise 3/week for 26 weeks'; 'stretch calves 7/week "
                  "for 6 weeks'; 'stockings 35 mmHg'; 'orthotics from day 14'")


@app.command()
@_person_options
def programme(
    lines: Annotated[list[str] | None, typer.Argument(help=PROGRAMME_HELP, show_default=False)] = None,
    programme_file: Annotated[Path | None, typer.Option(
        "--programme", help=escape("A programme file (TOML): lines = [...] and/or [[block]] tables."))] = None,
    exercise_per_week: Annotated[float | None, typer.Option(
        "--exercise-per-week", help="Calf exercise sessions per week, for the whole run.")] = None,
    stretch_per_week: Annotated[float | None, typer.Option(
        "--stretch-per-week", help="Calf stretching sessions per week, for the whole run.")] = None,
    days: Annotated[int, typer.Option("--days", help="Length of the run, days.")] = 180,
    apg_every_days: Annotated[int, typer.Option(
        "--apg-every-days", help="Run the virtual APG every this many days (and on the last).")] = 30,
    preset: Annotated[str, PRESET_OPTION] = "healthy",
    severity: Annotated[float, SEVERITY_OPTION] = 1.0,
    person: dict[str, Any] | None = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the daily table to this Parquet file.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a figure of the months to this PNG file.")] = None,
    as_json: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Follow a person through months of calf exercise, stretching, shoes and stockings (APG at checkpoints)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .parameters import ParameterValues
    from .person import check_veins_only
    from .programme import CalfExercise, CalfStretch, Programme, simulate_programme

    _check_output_paths(out, plot)
    try:
        items: list[Any] = list(Programme.from_toml(programme_file).blocks) if programme_file else []
        items += list(lines or [])
        if exercise_per_week is not None:
            items.append(CalfExercise(sessions_per_week=_session_count("--exercise-per-week", exercise_per_week)))
        if stretch_per_week is not None:
            items.append(CalfStretch(sessions_per_week=_session_count("--stretch-per-week", stretch_per_week)))
        prog = Programme.create(items)
        who = _person_from(person or {})
        base = ParameterValues.preset(preset, severity)
        check_veins_only(base, "--preset", _PF_AS_PERSON)  # the programme puts the person on the veins
        if as_json:
            result = simulate_programme(who, prog, base, days=days, apg_every_days=apg_every_days)
        else:
            with Progress(TextColumn("APG checkpoints"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=_err, transient=True, disable=not _err.is_terminal) as bar:
                task = bar.add_task("apg", total=None)
                result = simulate_programme(
                    who, prog, base, days=days, apg_every_days=apg_every_days,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        data = result.to_dict()
        for row in (*data["weekly"], *data["checkpoints"]):
            for k, v in row.items():
                if k not in ("day", "week"):
                    row[k] = _finite(v)
        _write_outputs(result, out, plot)
    except CalfpumpError as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(data, allow_nan=False))
        return
    _out.print(f"programme ({preset}): " + ("; ".join(data["programme"]) or "nothing (natural course)"),
               highlight=False)
    table = Table(title=f"calfpump programme, {days} days: APG at checkpoints", title_justify="left")
    for col in ("day", "calf strength", "ankle range [deg]", "heel pain", "steps/day", "VV [mL]",
                "VFI [mL/s]", "EF [%]", "RVF [%]"):
        table.add_column(escape(col), justify="right")
    for r in data["checkpoints"]:
        table.add_row(str(r["day"]), f"{r['calf_strength']:.3f}", f"{r['ankle_rom_deg']:.1f}",
                      f"{r['heel_pain']:.2f}", f"{r['steps_per_day']:.0f}", f"{r['vv_mL']:.1f}",
                      f"{r['vfi_mL_s']:.2f}", f"{r['ef_pct']:.1f}", f"{r['rvf_pct']:.1f}")
    _out.print(table)
    _out.print("laws and sources: docs/programme.md; a research and education model, not a diagnosis.",
               style="dim")
    _print_written(out, plot)


def _session_count(option: str, value: float) -> float:
    if not (math.isfinite(value) and 0.0 <= value <= 14.0):
        _fail(f"{option} = {value:g} is outside the allowed range 0 to 14 sessions/week")
    return value


def main() -> None:
    """Entry point of the ``calfpump`` command."""
    app(prog_name="calfpump")
