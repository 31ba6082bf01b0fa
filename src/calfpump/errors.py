"""Exceptions raised by calfpump.

Every error a user can trigger with bad input derives from :class:`CalfpumpError`
and says which field or step was wrong, the value given and what is allowed.
"""

from __future__ import annotations


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


class SolverError(CalfpumpError, RuntimeError):
    """The integrator could not proceed (step-size underflow or step-count cap)."""


class OutputError(CalfpumpError, OSError):
    """An output file could not be written."""
