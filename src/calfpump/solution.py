"""Results of a simulation: named time series with units, and per-step summaries.

A :class:`Solution` holds one person's trace: the state and every observed
quantity at the sample times, addressed by name (``"foot.pressure"``,
``"deep_calf.volume"``, ``"popliteal_valve.flow"``), with units. A
:class:`BatchSummary` holds, for many people, running statistics per protocol
step without any trace.

Examples
--------
>>> import calfpump
>>> sol = calfpump.simulate(["Stand for 30 seconds"])
>>> sol.units["foot.pressure"]
'mmHg'
>>> bool(80 < sol.pressure("ankle")[-1] < 95)
True
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .io import atomic_write
from .model import OBS_LINK_FIELDS, OBS_NODE_FIELDS, OBS_SCALARS, state_size
from .network import Network
from .parameters import ParameterValues
from .protocol import Protocol
from .solver import STAT_NAMES

#: Node whose pressure is reported as "foot venous pressure": the dorsal foot and
#: ankle veins, where the clinic measures ambulatory venous pressure.
FOOT_NODE = "ankle"


_SCALAR_NAMES = {
    "interstitial_pressure": "interstitium.pressure",
    "lymph_flow": "interstitium.lymph_flow",
    "right_atrial_pressure": "right_atrium.pressure",
    "calf_pump_pressure": "pump.calf",
    "foot_pump_pressure": "pump.foot",
    "thigh_pump_pressure": "pump.thigh",
}


def variable_layout(network: Network) -> dict[str, tuple[int, str]]:
    """Column of each named variable in a trace row, with its unit."""
    n, m = len(network.nodes), len(network.valves)
    layout: dict[str, tuple[int, str]] = {}
    for i, node in enumerate(network.nodes):
        layout[f"{node.name}.volume"] = (i, "mL")
    layout["interstitium.volume"] = (n, "mL")
    for k, lk in enumerate(network.valves):
        layout[f"{lk.name}.opening"] = (n + 1 + k, "1")
    layout["muscle.activity"] = (n + 1 + m, "1")
    layout["boundary.arterial_inflow_cumulative"] = (n + 2 + m, "mL")
    layout["boundary.atrial_outflow_cumulative"] = (n + 3 + m, "mL")
    col = state_size(n, m)
    for field, unit in OBS_NODE_FIELDS:
        for node in network.nodes:
            layout[f"{node.name}.{field}"] = (col, unit)
            col += 1
    for field, unit in OBS_LINK_FIELDS:
        for lk in network.links:
            layout[f"{lk.name}.{field}"] = (col, unit)
            col += 1
    for field, unit in OBS_SCALARS:
        layout[_SCALAR_NAMES[field]] = (col, unit)
        col += 1
    return layout


def crossing_time(t: np.ndarray, values: np.ndarray, eligible: np.ndarray, target: float) -> float | None:
    """When ``values`` first reach ``target`` among the ``eligible`` samples, read between samples.

    The first eligible sample at or above ``target``; when the sample before it is eligible
    too (and so below ``target``), the time at which the straight line between the two reaches
    ``target`` (a trace is not late by up to a sample interval). ``None`` when no eligible
    sample reaches ``target``.

    Examples
    --------
    >>> t = np.array([0.0, 1.0, 2.0, 3.0])
    >>> crossing_time(t, np.array([0.0, 1.0, 3.0, 4.0]), t >= 0.0, 2.0)
    1.5
    >>> crossing_time(t, np.array([0.0, 1.0, 3.0, 4.0]), t >= 2.0, 2.0)  # first eligible: at it
    2.0
    """
    hits = np.flatnonzero(eligible & (values >= target))
    if hits.size == 0:
        return None
    i = int(hits[0])
    if i == 0 or not eligible[i - 1] or t[i] <= t[i - 1]:
        return float(t[i])
    v0, v1 = float(values[i - 1]), float(values[i])
    return float(t[i - 1] + (target - v0) / (v1 - v0) * (t[i] - t[i - 1]))


def _near(name: str, names: Iterable[str]) -> str:
    """``", did you mean 'x'?"`` for the names closest to a mistyped ``name`` ("" when none
    is close)."""
    close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.75)
    return f", did you mean {' or '.join(map(repr, close))}?" if close else ""


def _step_stats(values: np.ndarray, sample_step: np.ndarray, n_steps: int) -> np.ndarray:
    out = np.full((n_steps, 4), np.nan)
    for k in range(n_steps):
        v = values[sample_step == k]
        if v.size:
            out[k] = (v.mean(), v.min(), v.max(), v[-1])
    return out


class Solution(Mapping[str, np.ndarray]):
    """One person's simulated trace.

    Attributes
    ----------
    t
        Sample times, s (protocol time: 0 is the start of the first step).
    protocol, network, parameters
        What was simulated.
    stats
        Integrator statistics: steps, rejected steps.
    """

    def __init__(
        self,
        t: np.ndarray,
        data: np.ndarray,
        sample_step: np.ndarray,
        protocol: Protocol,
        network: Network,
        parameters: ParameterValues,
        stats: dict[str, int],
    ) -> None:
        self.t: np.ndarray = t
        self._data = data
        self._layout = variable_layout(network)
        self.sample_step: np.ndarray = sample_step
        self.protocol: Protocol = protocol
        self.network: Network = network
        self.parameters = parameters
        self.stats: dict[str, int] = stats

    # ---- mapping interface: name -> time series ----
    def __getitem__(self, name: str) -> np.ndarray:
        """The series of a variable (``"ankle.pressure"``) or ``"time"``; an unknown name (or
        one that is not text) is a ``KeyError`` that suggests near names and lists them all."""
        if not isinstance(name, str):
            raise KeyError(f"variable names are text such as 'ankle.pressure', not "
                           f"{type(name).__name__} {name!r}")
        if name == "time":
            return self.t
        try:
            col, _ = self._layout[name]
        except KeyError:
            raise KeyError(f"no variable {name!r}{_near(name, self._layout)}; the variables: "
                           f"{list(self._layout)}") from None
        return self._data[:, col]

    def __iter__(self) -> Iterator[str]:
        return iter(self._layout)

    def __len__(self) -> int:
        return len(self._layout)

    def __repr__(self) -> str:
        return (f"Solution({len(self.protocol)} steps, {self.t.size} samples over "
                f"{self.t[-1] - self.t[0]:g} s, {len(self)} variables)")

    @property
    def units(self) -> dict[str, str]:
        """Unit of every variable."""
        return {k: u for k, (_, u) in self._layout.items()}

    def pressure(self, node: str) -> np.ndarray:
        """Venous pressure of ``node`` (mmHg, local, relative to atmosphere).

        An unknown name is a ``KeyError`` that lists the names that have a pressure.
        """
        return self._of(node, "pressure")

    def volume(self, node: str) -> np.ndarray:
        """Venous volume of ``node`` (mL); an unknown name is a ``KeyError`` listing the names."""
        return self._of(node, "volume")

    def flow(self, link: str) -> np.ndarray:
        """Flow through ``link`` (mL/s, positive in its normal direction); an unknown name is a
        ``KeyError`` listing the links."""
        return self._of(link, "flow")

    def _of(self, name: str, quantity: str) -> np.ndarray:
        """``self[f"{name}.{quantity}"]``, or a ``KeyError`` naming what has that quantity."""
        have = [k[: -len(quantity) - 1] for k in self._layout if k.endswith(f".{quantity}")]
        if not isinstance(name, str):
            raise KeyError(f"no {quantity} of {type(name).__name__} {name!r}: names are text; "
                           f"names with a {quantity}: {have}")
        key = f"{name}.{quantity}"
        if key not in self._layout:
            near = _near(name.removesuffix(f".{quantity}"), have)
            raise KeyError(f"no {quantity} of {name!r}{near}; names with a {quantity}: {have}")
        return self[key]

    @property
    def calf_volume(self) -> np.ndarray:
        """Calf venous volume: the nodes of the network that lie in the calf (mL)."""
        return sum(self.volume(n.name) for n in self.network.nodes if n.calf)  # type: ignore[return-value]

    def blood_volume_balance(self) -> np.ndarray:
        """``sum(V) + V_interstitium - inflow + outflow`` (mL): constant if volume is conserved."""
        total = sum(self.volume(n.name) for n in self.network.nodes)
        return (total + self["interstitium.volume"] - self["boundary.arterial_inflow_cumulative"]
                + self["boundary.atrial_outflow_cumulative"])

    def step_summary(self) -> list[dict[str, object]]:
        """Per protocol step: mean, minimum and final foot pressure; calf volume at the end.

        Computed from the samples (every ``save_every_s`` and at each step's
        end); identical to what a summaries-only batch run reports. The mean and
        minimum are those of the samples, not of the continuous trace: with a sparse
        ``save_at_s`` they describe only those instants (two samples of a walk can read
        58 mmHg where the walk's mean is 22), and a sample interval near the stride
        (0.3-1 s against 1.2 s) biases a walk's mean by a few tenths of a mmHg.
        """
        n = len(self.protocol)
        foot = _step_stats(self.pressure(FOOT_NODE), self.sample_step, n)
        calf = _step_stats(self.calf_volume, self.sample_step, n)
        return [
            {
                "step": step.label,
                "foot_mean_mmHg": float(foot[k, 0]),
                "foot_min_mmHg": float(foot[k, 1]),
                "foot_end_mmHg": float(foot[k, 3]),
                "calf_volume_end_mL": float(calf[k, 3]),
            }
            for k, step in enumerate(self.protocol)
        ]

    def plot(self, path: str | Path | None = None):  # -> matplotlib Figure
        """Foot pressure and calf volume over time (see :func:`calfpump.plotting.plot_solution`)."""
        from .plotting import plot_solution

        return plot_solution(self, path)

    def to_pandas(self):  # -> pandas.DataFrame
        """A table with ``time_s`` and one column per variable, named ``<var> [<unit>]``."""
        import pandas as pd

        cols = {"time_s": self.t, "step": self.sample_step}
        for name, (col, unit) in self._layout.items():
            cols[f"{name} [{unit}]"] = self._data[:, col]
        return pd.DataFrame(cols)

    def to_parquet(self, path: str | Path) -> Path:
        """Write :meth:`to_pandas` to a Parquet file, whole or not at all.

        The name must end in ``.parquet`` or ``.pq`` (or have no ending): a name that says
        another format, such as ``run.csv``, is an :class:`~calfpump.errors.OutputError`.

        The file's metadata names what was simulated: ``calfpump.steps``, the step labels as a
        JSON list (exactly as given); ``calfpump.protocol``, one step per line (each label with
        its runs of whitespace, line breaks included, written as one space, so that a label
        typed over two lines is still one line); ``calfpump.parameters``, the parameter set's
        name.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        with atomic_write(path, "Parquet") as tmp:  # the name checked before the table is built
            table = pa.Table.from_pandas(self.to_pandas(), preserve_index=False)
            meta = {
                b"calfpump.steps": json.dumps([s.label for s in self.protocol], ensure_ascii=False).encode(),
                b"calfpump.protocol": "\n".join(" ".join(s.label.split()) for s in self.protocol).encode(),
                b"calfpump.parameters": str(getattr(self.parameters, "name", "")).encode(),
            }
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})
            pq.write_table(table, tmp)
        return Path(path)


@dataclass(frozen=True)
class BatchSummary:
    """Per-step running statistics of many people, without traces.

    ``values[p, k, q, s]``: person p, protocol step k, quantity q (see
    ``quantities``), statistic s (``mean``, ``min``, ``max``, ``end``).
    """

    values: np.ndarray
    quantities: tuple[str, ...]
    protocol: Protocol
    stats: dict[str, np.ndarray]

    def get(self, quantity: str, stat: str) -> np.ndarray:
        """Array (people, steps) of one statistic of one quantity; an unknown name (or one that
        is not text) is a ``KeyError`` that lists the names."""
        if not isinstance(quantity, str) or quantity not in self.quantities:
            near = _near(quantity, self.quantities) if isinstance(quantity, str) else ""
            raise KeyError(f"no quantity {quantity!r}{near}; have {list(self.quantities)}")
        q = self.quantities.index(quantity)
        if not isinstance(stat, str) or stat not in STAT_NAMES:
            raise KeyError(f"no statistic {stat!r}; have {list(STAT_NAMES)}")
        return self.values[:, :, q, STAT_NAMES.index(stat)]

    @property
    def units(self) -> dict[str, str]:
        """Unit of every quantity (pressures mmHg, volumes mL), as a Solution's."""
        by_field = {**dict(OBS_NODE_FIELDS), "volume": "mL"}
        return {q: by_field[q.rsplit(".", 1)[-1]] for q in self.quantities}

    def to_pandas(self):  # -> pandas.DataFrame
        """Long table: person, step (its label), step_index (its place in the protocol: a
        repeated block repeats labels), quantity, unit (of the quantity), and one column per
        statistic."""
        import pandas as pd

        p, k, q, _ = self.values.shape
        idx = np.indices((p, k, q)).reshape(3, -1)
        flat = self.values.reshape(-1, len(STAT_NAMES))
        labels = [s.label for s in self.protocol]
        units = self.units
        return pd.DataFrame({
            "person": idx[0],
            "step": [labels[i] for i in idx[1]],
            "step_index": idx[1],
            "quantity": [self.quantities[i] for i in idx[2]],
            "unit": [units[self.quantities[i]] for i in idx[2]],
            **{name: flat[:, j] for j, name in enumerate(STAT_NAMES)},
        })
