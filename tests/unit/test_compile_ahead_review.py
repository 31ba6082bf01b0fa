"""calfpump._compile_ahead when the second process misbehaves: the caller compiles as before."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from calfpump import _compile_ahead

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for Python")


class _Kernel:
    """A stand-in for a numba dispatcher: records its compilations."""

    def __init__(self, raises: BaseException | None = None) -> None:
        self.compiled: list[Any] = []
        self.raises = raises
        self.py_func = _Kernel  # any importable, picklable name

    def compile(self, sig: Any) -> None:
        if self.raises is not None:
            raise self.raises
        self.compiled.append(sig)


def _hanging_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A "Python" that never finishes (an embedded application's executable, a stuck child);
    it writes its process id where the test can find it."""
    pid_file = tmp_path / "child.pid"
    script = tmp_path / "python"
    script.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 300\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(script))
    monkeypatch.setattr(_compile_ahead, "_cold", lambda dispatcher, sig: True)
    monkeypatch.setenv("CALFPUMP_COMPILE_AHEAD", "1")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    return pid_file


def _gone(pid_file: Path) -> bool:
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False  # pragma: no cover - the failure this test looks for


def test_a_second_process_that_never_finishes_is_killed_and_the_caller_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # was: subprocess.TimeoutExpired out of solver.integrate after WAIT_S (the simulation failed
    # instead of compiling evaluate itself)
    pid_file = _hanging_python(tmp_path, monkeypatch)
    monkeypatch.setattr(_compile_ahead, "WAIT_S", 0.5)
    rhs = _Kernel()
    start = time.monotonic()
    used = _compile_ahead.compile_kernels(rhs, _Kernel(), ("rhs",), ("evaluate",))
    assert time.monotonic() - start < 30.0
    assert not used  # evaluate is not in the cache: the caller compiles it
    assert rhs.compiled == [("rhs",)]
    assert _gone(pid_file)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("numba failed")])
def test_an_interrupted_or_failed_compilation_leaves_no_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException,
) -> None:
    pid_file = _hanging_python(tmp_path, monkeypatch)
    with pytest.raises(type(error)):
        _compile_ahead.compile_kernels(_Kernel(raises=error), _Kernel(), ("rhs",), ("evaluate",))
    for _ in range(100):  # the shell may not have written its id yet
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    else:
        return  # killed before it started
    assert _gone(pid_file)


def test_a_package_imported_through_a_symbolic_link_is_compiled_into_the_cache_it_reads(
    tmp_path: Path,
) -> None:
    # numba names a package's cache folder by the package's path as imported; the second process
    # imported it from the link's target (Path.resolve) and wrote to another folder, so this
    # process compiled evaluate again (a wasted second process on every cold start)
    import subprocess

    import calfpump

    link = tmp_path / "site"
    link.symlink_to(Path(calfpump.__file__).resolve().parents[1], target_is_directory=True)
    code = (
        "from numba import types\n"
        "from calfpump import _compile_ahead, model, tube_law\n"
        "f8, i8 = types.float64, types.int64\n"
        "assert _compile_ahead.compile_kernels(model.obs_offsets, tube_law.volume_at_pressure,\n"
        "                                      (i8, i8), (f8,) * 6)\n"
        "tube_law.volume_at_pressure.compile((f8,) * 6)\n"
        "assert tube_law.volume_at_pressure.stats.cache_hits, 'not found in the cache'\n"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"), "CALFPUMP_COMPILE_AHEAD": "1",
           "PYTHONPATH": str(link)}
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("name", ["uwsgi", "httpd", "blender-host"])
def test_an_embedding_application_is_never_started_as_the_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
) -> None:
    # in an embedded interpreter (uWSGI, mod_wsgi) sys.executable is the host application, which
    # must not be started with "-c <code>" (another server; or a wait of WAIT_S)
    _hanging_python(tmp_path, monkeypatch)
    host = tmp_path / name
    marker = tmp_path / "started"
    host.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    host.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(host))
    rhs = _Kernel()
    assert not _compile_ahead.compile_kernels(rhs, _Kernel(), ("rhs",), ("evaluate",))
    assert not marker.exists()
    assert rhs.compiled == []  # compiled where the integrator needs it, as without compile-ahead


def test_a_process_allowed_one_cpu_starts_no_second_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a job pinned to one CPU (taskset, a batch scheduler's cpuset) on a machine of many: the two
    # compilations would share that CPU, and the second process only adds its start-up
    pid_file = _hanging_python(tmp_path, monkeypatch)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(_compile_ahead, "WAIT_S", 0.5)
    assert not _compile_ahead.compile_kernels(_Kernel(), _Kernel(), ("rhs",), ("evaluate",))
    assert not pid_file.exists()
