"""Virtual duplex reflux times against the consensus cut-offs of targets.csv."""

from __future__ import annotations

import pytest

from calfpump.errors import ParameterError
from calfpump.parameters import ParameterValues
from calfpump.reflux import duplex_reflux


def test_healthy_valves_close_within_the_cut_offs(healthy: ParameterValues, targets) -> None:
    cutoff = float(targets["reflux_time_superficial_cutoff"]["value"])  # 0.5 s
    r = duplex_reflux(healthy)
    assert 0.0 <= r.sfj_reflux_s < cutoff
    assert 0.0 <= r.popliteal_reflux_s < 1.0  # deep veins: pathological over 1 s (same row's source)
    assert set(r.to_dict()) == {"sfj_reflux_s", "popliteal_reflux_s"}


def test_incompetent_valves_reflux_where_they_are(healthy: ParameterValues) -> None:
    superficial = duplex_reflux(
        healthy.update({"saphenofemoral_valve.incompetence": 0.5, "gsv_knee_valve.incompetence": 0.5})
    )
    deep = duplex_reflux(
        healthy.update({"femoral_valve.incompetence": 0.5, "popliteal_valve.incompetence": 0.5})
    )
    assert superficial.sfj_reflux_s > 0.5 and superficial.popliteal_reflux_s < 1.0
    assert deep.popliteal_reflux_s > 1.0 and deep.sfj_reflux_s < 0.5


def test_incompetence_makes_reflux_pathological_and_faster(healthy: ParameterValues) -> None:
    # Reflux *duration* is not monotone in severity (a small leak drains slowly for long, a
    # large one refills the calf quickly); the peak backward flow is.
    results = [
        duplex_reflux(healthy.update({"femoral_valve.incompetence": a, "popliteal_valve.incompetence": a}))
        for a in (0.0, 0.1, 0.3, 0.6)
    ]
    assert results[0].popliteal_reflux_s < 1.0
    assert all(r.popliteal_reflux_s > 1.0 for r in results[1:])
    peaks = []
    for r in results:
        sol = r.solution
        after = sol.t > r.release_s + 0.2  # past the closing transient of a competent valve
        peaks.append(-sol.flow("femoral_valve")[after].min())
    assert peaks == sorted(peaks) and peaks[-1] > 5 * max(peaks[0], 1e-3)


def test_bad_squeeze(healthy: ParameterValues) -> None:
    with pytest.raises(ParameterError, match="squeeze_s"):
        duplex_reflux(healthy, squeeze_s=0.0)
    with pytest.raises(Exception, match="pressure_mmHg"):
        duplex_reflux(healthy, squeeze_mmHg=1000.0)
