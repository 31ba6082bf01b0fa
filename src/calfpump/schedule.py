"""Posture schedules: what the body does in the minutes without steps.

A schedule is a few lines of text, one block of the day per line::

    # weekday
    09:00-17:00 sit
    17:00-23:00 stand
    23:00-07:00 lie        # wraps past midnight

Times are local wall-clock times ``HH:MM`` (``24:00`` may end a block); the end is exclusive.
Postures are ``lie``, ``legs-raised``, ``sit`` and ``stand``. Walking is not a posture here: it
comes from the step data. Minutes no block covers get a default posture.

Examples
--------
>>> from calfpump.schedule import Schedule
>>> s = Schedule.parse("09:00-17:00 sit\\n23:00-07:00 lie")
>>> p = s.posture_by_minute(default="stand")
>>> p[[0, 8 * 60, 9 * 60, 23 * 60 + 30]].tolist()
['lie', 'stand', 'sit', 'lie']
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from calfpump.errors import ParameterError, ProtocolError

__all__ = ["MINUTES_PER_DAY", "POSTURES", "Block", "Schedule"]

#: Postures a schedule may name.
POSTURES: Final[tuple[str, ...]] = ("lie", "legs-raised", "sit", "stand")

#: Minutes in a schedule day (minute 0 is 00:00).
MINUTES_PER_DAY: Final[int] = 1440

_EXAMPLE: Final[str] = "'09:00-17:00 sit' or '23:00-07:00 lie'"
_LINE_RE: Final[re.Pattern[str]] = re.compile(
    r"^(?P<start>\S+?)\s*-\s*(?P<end>\d\S*)\s+(?P<posture>\S+(?:\s+\S+)*)$"
)
_TIME_RE: Final[re.Pattern[str]] = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Block:
    """One line of a schedule: ``posture`` from ``start_min`` (inclusive) to ``end_min``.

    ``end_min`` below ``start_min`` means the block wraps past midnight.
    """

    start_min: int
    end_min: int
    posture: str
    line_no: int = 0
    text: str = ""

    def __post_init__(self) -> None:
        for name, value, high in (("start_min", self.start_min, MINUTES_PER_DAY - 1),
                                  ("end_min", self.end_min, MINUTES_PER_DAY)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= high:
                raise ProtocolError(
                    f"Block.{name} = {value!r} is not a minute of the day; allowed: a whole number "
                    f"0 to {high} (minute 0 is 00:00)"
                )
        if self.start_min == self.end_min:
            raise ProtocolError(
                f"Block from minute {self.start_min} to {self.end_min} is empty; allowed: a start "
                "other than the end (0 to 1440 for the whole day)"
            )
        _check_posture_of_block(self.posture)

    def minutes(self) -> np.ndarray:
        """The minutes of the day (0-1439) this block covers."""
        if self.end_min > self.start_min:
            return np.arange(self.start_min, self.end_min)
        return np.concatenate(
            [np.arange(self.start_min, MINUTES_PER_DAY), np.arange(0, self.end_min)]
        )

    def __str__(self) -> str:
        return f"{_hhmm(self.start_min)}-{_hhmm(self.end_min)} {self.posture}"


@dataclass(frozen=True)
class Schedule:
    """An immutable posture schedule of one day, built with :meth:`parse` or :meth:`from_file`.

    Examples
    --------
    >>> Schedule.parse("09:00-17:00 walk")
    Traceback (most recent call last):
    ...
    calfpump.errors.ProtocolError: schedule line 1 '09:00-17:00 walk': posture 'walk' ...
    >>> str(Schedule.parse("# office\\n9:00-17:00 sit"))
    '09:00-17:00 sit'
    """

    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        owner = np.full(MINUTES_PER_DAY, -1)
        for k, block in enumerate(self.blocks):
            if not isinstance(block, Block):
                raise ProtocolError(f"Schedule.blocks holds {type(block).__name__}, not a Block")
            clash = owner[block.minutes()]
            if np.any(clash >= 0):
                other = self.blocks[int(clash[clash >= 0][0])]
                raise ProtocolError(f"schedule block {str(block)!r} overlaps block {str(other)!r}; "
                                    f"blocks may not overlap, e.g. {_EXAMPLE}")
            owner[block.minutes()] = k

    @classmethod
    def parse(cls, text: str) -> Schedule:
        """A schedule from text: one ``HH:MM-HH:MM posture`` block per line.

        ``#`` starts a comment; blank lines are ignored. Blocks may not overlap.

        Raises
        ------
        calfpump.errors.ProtocolError
            A line is malformed, a time is invalid, a block is empty, a posture is unknown or
            two blocks overlap; the message quotes the line number(s) and line(s).
        """
        if not isinstance(text, str):
            raise ProtocolError(f"schedule must be text; got {type(text).__name__}")
        text = text.removeprefix("\ufeff")  # a byte-order mark, as from_file's utf-8-sig drops it
        blocks: list[Block] = []
        owner = np.full(MINUTES_PER_DAY, -1)
        for line_no, line in enumerate(text.splitlines(), start=1):
            content = line.split("#", 1)[0].strip()
            if not content:
                continue
            block = _parse_line(line_no, content)
            covered = block.minutes()
            clash = owner[covered]
            if np.any(clash >= 0):
                other = blocks[int(clash[clash >= 0][0])]
                first = int(covered[np.flatnonzero(clash >= 0)[0]])
                raise ProtocolError(
                    f"schedule line {line_no} {content!r} overlaps line {other.line_no} "
                    f"{other.text!r} (both cover {_hhmm(first)}); blocks may not overlap, "
                    f"e.g. {_EXAMPLE}"
                )
            owner[covered] = len(blocks)
            blocks.append(block)
        return cls(tuple(blocks))

    @classmethod
    def from_file(cls, path: str | Path) -> Schedule:
        """A schedule read from a UTF-8 text file (see :meth:`parse`); a file with no block is
        an error (without a schedule, give none)."""
        if not isinstance(path, (str, os.PathLike)):
            raise ProtocolError(f"a schedule file must be a path, not {type(path).__name__}")
        p = Path(path)
        try:
            kind = os.stat(p).st_mode  # before opening: a pipe or device could be read forever
            text = p.read_text(encoding="utf-8-sig") if stat.S_ISREG(kind) else None
        except FileNotFoundError:
            raise ProtocolError(f"schedule file {str(p)!r}: no such file") from None
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                f"schedule file {str(p)!r}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
        except OSError as exc:
            raise ProtocolError(f"schedule file {str(p)!r}: cannot read ({exc.strerror})") from None
        except ValueError as exc:  # an embedded NUL in the path
            raise ProtocolError(f"schedule file {str(p)!r}: cannot read ({exc})") from None
        if text is None:
            what = ("is a folder, not a file" if stat.S_ISDIR(kind)
                    else "is not a regular file (a pipe, device or socket)")
            raise ProtocolError(f"schedule file {str(p)!r} {what}; give the schedule's text file")
        try:
            schedule = cls.parse(text)
        except ProtocolError as exc:
            raise ProtocolError(f"{str(p)!r}: {exc}") from None
        if not schedule.blocks:  # an empty file, or one of comments: most likely the wrong file
            raise ProtocolError(
                f"schedule file {str(p)!r} holds no blocks (only blank lines or comments); "
                f"allowed: one block per line, e.g. {_EXAMPLE}"
            )
        return schedule

    def posture_by_minute(self, default: str = "sit") -> np.ndarray:
        """The posture of each minute of the day (1440 names; minute 0 is 00:00).

        Parameters
        ----------
        default
            Posture of the minutes no block covers; one of :data:`POSTURES`.
        """
        _check_posture("default", default)
        out = np.full(MINUTES_PER_DAY, default, dtype=object)
        for block in self.blocks:
            out[block.minutes()] = block.posture
        return out.astype(str)

    def covered_by_minute(self) -> np.ndarray:
        """Whether a block covers each minute of the day (1440 booleans)."""
        out = np.zeros(MINUTES_PER_DAY, dtype=bool)
        for block in self.blocks:
            out[block.minutes()] = True
        return out

    def __str__(self) -> str:
        return "\n".join(str(b) for b in self.blocks)


def _check_posture_of_block(posture: object) -> None:
    if posture not in POSTURES:
        raise ProtocolError(f"Block.posture = {posture!r} is not a posture; allowed: {', '.join(POSTURES)}")


def _check_posture(name: str, posture: str) -> str:
    if posture not in POSTURES:
        raise ParameterError(f"{name} = {posture!r} is not a posture; allowed: {', '.join(POSTURES)}")
    return posture


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _parse_time(line_no: int, content: str, text: str, *, is_end: bool) -> int:
    m = _TIME_RE.match(text)
    where = f"schedule line {line_no} {content!r}"
    if not m:
        raise ProtocolError(f"{where}: time {text!r} is not HH:MM; e.g. {_EXAMPLE}")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if is_end and hours == 24 and minutes == 0:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        raise ProtocolError(
            f"{where}: time {text!r} is not a time of day; allowed 00:00 to 23:59 "
            f"(24:00 as an end); e.g. {_EXAMPLE}"
        )
    return hours * 60 + minutes


def _parse_line(line_no: int, content: str) -> Block:
    where = f"schedule line {line_no} {content!r}"
    m = _LINE_RE.match(content)
    if not m:
        raise ProtocolError(f"{where}: expected 'HH:MM-HH:MM posture', e.g. {_EXAMPLE}")
    start = _parse_time(line_no, content, m.group("start"), is_end=False)
    end = _parse_time(line_no, content, m.group("end"), is_end=True)
    posture = m.group("posture").strip().lower()
    if posture in ("walk", "walking", "run", "running"):
        raise ProtocolError(
            f"{where}: posture {posture!r} is not allowed: walking comes from the step data; "
            f"allowed: {', '.join(POSTURES)}; e.g. {_EXAMPLE}"
        )
    if posture not in POSTURES:
        raise ProtocolError(
            f"{where}: posture {posture!r} is unknown; allowed: {', '.join(POSTURES)}; "
            f"e.g. {_EXAMPLE}"
        )
    if end == start:
        raise ProtocolError(
            f"{where}: the block starts and ends at {_hhmm(start)}, so it is empty (for the whole "
            f"day write 00:00-24:00); e.g. {_EXAMPLE}"
        )
    return Block(start, end, posture, line_no, content)
