"""calfpump: the calf muscle pump and venous return of the leg, simulated.

A research and education tool, not a diagnostic device.

Examples
--------
>>> import calfpump
>>> sol = calfpump.simulate(["Stand for 1 minute", "Walk at 90 steps/min for 1 minute"])
>>> [round(r["foot_mean_mmHg"]) > 0 for r in sol.step_summary()]
[True, True]
"""

from __future__ import annotations

from ._jit_cache import ensure_fresh_cache

ensure_fresh_cache()

from .errors import (
    CalfpumpError,
    DataError,
    OutputError,
    ParameterError,
    PresetError,
    ProtocolError,
    SolverError,
)
from .network import LEG, RIGHT_ATRIUM, Link, Network, Node
from .parameters import ParameterValues, list_presets, parameter_specs
from .person import Person
from .programme import Programme, ProgrammeResult, simulate_programme
from .protocol import Protocol, parse_step
from .schedule import Schedule
from .simulation import simulate, simulate_batch
from .solution import BatchSummary, Solution
from .solver import SolverOptions
from .timeline import minute_table
from .wearables import StepSeries, read_steps

__version__ = "0.1.0"

__all__ = [
    "LEG",
    "RIGHT_ATRIUM",
    "BatchSummary",
    "CalfpumpError",
    "DataError",
    "Link",
    "Network",
    "Node",
    "OutputError",
    "ParameterError",
    "ParameterValues",
    "Person",
    "PresetError",
    "Programme",
    "ProgrammeResult",
    "Protocol",
    "ProtocolError",
    "Schedule",
    "Solution",
    "SolverError",
    "SolverOptions",
    "StepSeries",
    "__version__",
    "list_presets",
    "minute_table",
    "parameter_specs",
    "parse_step",
    "read_steps",
    "simulate",
    "simulate_batch",
    "simulate_programme",
]
