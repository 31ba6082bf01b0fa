"""Exceptions raised by calfpump.

Every error a user can trigger with bad input derives from :class:`CalfpumpError`
and says which field or step was wrong, the value given and what is allowed.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


class CalfpumpError(Exception):
    """Base class of all errors raised by calfpump for bad input or failed runs."""


class ProtocolError(CalfpumpError, ValueError):
    """A protocol step could not be parsed or is physically impossible."""


class ParameterError(CalfpumpError, ValueError):
    """A parameter is unknown, not a number, or outside its physical range."""


class PresetError(ParameterError, KeyError):
    """An unknown parameter-set name was asked for."""

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0]) if self.args else ""


class DataError(CalfpumpError, ValueError):
    """A data file (step counts from a wearable, a CSV) is unreadable, malformed or implausible."""


class SolverError(CalfpumpError, RuntimeError):
    """The integrator could not proceed (step-size underflow or step-count cap)."""


class OutputError(CalfpumpError, OSError):
    """An output file could not be written."""


def refuse_non_numbers(value: object) -> object:
    """``value`` unchanged, or a ``ValueError`` if it is text, a truth value or a complex number
    (for pydantic validators of numeric fields in person and programme files: ``true`` or
    ``"5"`` there is an error, not 1 or 5, and a complex number is not cut to its real part).

    Examples
    --------
    >>> refuse_non_numbers(5)
    5
    >>> refuse_non_numbers(True)
    Traceback (most recent call last):
    ...
    ValueError: must be a number, not bool
    """
    if isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
        raise ValueError(f"must be a number, not {type(value).__name__}")  # noqa: TRY004 - pydantic reports ValueError
    return value


def check_number(name: str, value: object, low: float, high: float, unit: str) -> float:
    """``value`` as a float if it is a finite number within ``[low, high]``; else a ParameterError.

    Any real number counts, numpy's included (``np.float32``, ``np.int64``); truth
    values (``True``, ``np.True_``) and text do not, and an integer too large for a
    float is out of range.

    Examples
    --------
    >>> check_number("rest_s", 60, 5, 3600, "s")
    60.0
    >>> check_number("rest_s", float("nan"), 5, 3600, "s")
    Traceback (most recent call last):
    ...
    calfpump.errors.ParameterError: rest_s = nan is outside the allowed range 5 to 3600 s
    """
    allowed = f"{low:g} to {high:g} {unit}".rstrip()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):  # np.bool_ is not Real
        raise ParameterError(f"{name} = {shown(value)} is not a number; allowed: {allowed}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    except TypeError:  # a Real that is not a number of this kind: numpy's timedelta64
        raise ParameterError(f"{name} = {shown(value)} is not a number; allowed: {allowed}") from None
    if not (math.isfinite(x) and low <= x <= high):
        raise ParameterError(f"{name} = {shown(value)} is outside the allowed range {allowed}")
    return x


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for an error message, cut to about ``limit`` characters.

    An integer of thousands of digits cannot even be turned into text (Python's
    limit on integer string conversion), so it is shown by its size.

    Examples
    --------
    >>> shown(0.5)
    '0.5'
    >>> shown(10**5000)
    'an integer of 5001 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return f"an integer of {int(math.log10(abs(value))) + 1} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
