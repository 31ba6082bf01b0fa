"""Reading input files with clear errors; writing files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import OutputError, ParameterError


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """The TOML file ``path`` (a ``what`` file: "person", "programme") as a dict; a missing or
    unreadable file, a folder, a pipe or device (checked before it is opened: reading one could
    take forever), text that is not UTF-8 or not TOML is a :class:`~calfpump.errors.ParameterError`
    that names the file.

    Examples
    --------
    >>> read_toml("no-such-file.toml", "person")
    Traceback (most recent call last):
    ...
    calfpump.errors.ParameterError: cannot read person file 'no-such-file.toml': No such file or directory
    """
    if not isinstance(path, (str, Path)):
        raise ParameterError(f"a {what} file must be a path, not {type(path).__name__}")
    try:
        kind = os.stat(path).st_mode  # before opening: a pipe or device could be read forever
        if stat.S_ISREG(kind):
            return tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ParameterError(f"cannot read {what} file {str(path)!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ParameterError(f"{what} file {str(path)!r} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParameterError(f"{what} file {str(path)!r} is not valid TOML: {exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise ParameterError(f"cannot read {what} file {str(path)!r}: {exc}") from None
    if stat.S_ISDIR(kind):
        raise ParameterError(f"{what} file {str(path)!r} is a folder, not a file; give a TOML file")
    raise ParameterError(f"{what} file {str(path)!r} is not a regular file (a pipe, device or socket); "
                         "give a TOML file")


def check_output_file(path: object) -> Path:
    """``path`` as a :class:`~pathlib.Path` if a file can be written there; else an
    :class:`~calfpump.errors.OutputError` that says why (not a path, a folder, a pipe or
    device, a missing folder, a name too long or with a NUL character).

    Examples
    --------
    >>> check_output_file("no/such/folder/run.parquet")
    Traceback (most recent call last):
    ...
    calfpump.errors.OutputError: cannot write 'no/such/folder/run.parquet': folder 'no/such/folder' does not exist
    """
    if not isinstance(path, (str, os.PathLike)):
        raise OutputError(f"an output file must be a path (str or pathlib.Path), not {type(path).__name__}")
    try:
        target = Path(path)
        parent = target.parent if str(target.parent) else Path(".")
        if "\0" in str(target):
            raise OutputError(f"cannot write {str(path)!r}: the name holds a NUL character")
        if target.is_dir():
            raise OutputError(f"cannot write {str(target)!r}: it is a directory")
        if os.path.lexists(target) and not target.is_file() and not (
                target.is_symlink() and not os.path.exists(target)):
            raise OutputError(f"cannot write {str(target)!r}: it is not a regular file (a pipe, device or socket)")
        if not parent.is_dir():
            raise OutputError(f"cannot write {str(target)!r}: folder {str(parent)!r} does not exist")
        if target.is_symlink():  # written through (atomic_write): the file it names needs its folder
            real = Path(os.path.realpath(target))
            if not real.parent.is_dir():
                raise OutputError(f"cannot write {str(target)!r}: it is a symbolic link to {str(real)!r}, "
                                  f"whose folder {str(real.parent)!r} does not exist")
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    except (TypeError, ValueError) as exc:  # a path of bytes, an embedded NUL
        raise OutputError(f"cannot write {str(path)!r}: {exc}") from None
    return target


@contextlib.contextmanager
def atomic_write(path: str | Path, fmt: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place only on success.

    ``fmt`` (``"Parquet"`` or ``"PNG"``, see :data:`FORMAT_SUFFIXES`): the format written; a
    name that says another format is refused (:func:`check_suffix`) before anything is written.

    The parent folder must exist and be writable, and ``path`` must not be a folder
    or something other than a file (a pipe, a device); otherwise, or when ``path`` is
    not a path at all or its name is too long, an :class:`~calfpump.errors.OutputError`
    names it. A symbolic link is written through: the file it points to is replaced,
    the link kept. On any error the temporary file is removed and ``path`` is left as
    it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_write(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("hello")
    >>> (d / "a.txt").read_text()
    'hello'
    """
    target = check_output_file(path) if fmt is None else check_suffix(path, FORMAT_SUFFIXES[fmt], fmt)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    parent = target.parent if str(target.parent) else Path(".")
    try:
        # the name cut short, so that a long legal name still leaves room for the temporary one
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates the file private (0600): give it the permissions of the file it
        # replaces (a private table stays private), else the usual ones
        os.chmod(tmp, replaced_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def replaced_mode(target: Path, usual: int = 0o666) -> int:
    """The permission bits for a new file (or, with ``usual=0o777``, folder) at ``target``: those
    of the one there now, else the usual ones (``usual`` less the umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return usual & ~umask


#: File-name endings of the formats calfpump writes (lower case; a name without one is also accepted).
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")
PNG_SUFFIXES: tuple[str, ...] = (".png",)
#: The endings of each format, by the name :func:`atomic_write` and :func:`check_suffix` take.
FORMAT_SUFFIXES: dict[str, tuple[str, ...]] = {"Parquet": PARQUET_SUFFIXES, "PNG": PNG_SUFFIXES}


def check_suffix(path: str | Path, suffixes: tuple[str, ...], fmt: str) -> Path:
    """Refuse to write ``fmt`` (e.g. "Parquet") to a name that says it is another format.

    A name that ends in one of ``suffixes`` (any case) or has no ending is accepted (and
    returned as a :class:`~pathlib.Path`, checked by :func:`check_output_file`);
    ``trace.csv`` for a Parquet file, or ``figure.pdf`` for a PNG image, is an
    :class:`~calfpump.errors.OutputError`, before anything is computed or written.

    Examples
    --------
    >>> check_suffix("run.PNG", PNG_SUFFIXES, "PNG")
    PosixPath('run.PNG')
    >>> check_suffix("run.pdf", PNG_SUFFIXES, "PNG")
    Traceback (most recent call last):
    ...
    calfpump.errors.OutputError: cannot write 'run.pdf': the file is written as PNG; give a name ending in .png
    """
    target = check_output_file(path)
    if target.suffix and target.suffix.lower() not in suffixes:
        raise OutputError(
            f"cannot write {str(path)!r}: the file is written as {fmt}; give a name ending in "
            f"{' or '.join(suffixes)}"
        )
    return target
