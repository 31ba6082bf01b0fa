"""The virtual clinical tests on degenerate legs and bad options (review of issue 4's tests)."""

from __future__ import annotations

import numpy as np
import pytest

from calfpump.apg import air_plethysmography
from calfpump.avp import ambulatory_venous_pressure
from calfpump.errors import CalfpumpError, ParameterError
from calfpump.parameters import ParameterValues
from calfpump.person import Person
from calfpump.reflux import WINDOW_S, duplex_reflux
from calfpump.validation import validate


@pytest.fixture(scope="module")
def pumpless(healthy: ParameterValues) -> ParameterValues:
    """A leg whose exercise moves no blood: every muscle and foot pump at zero."""
    return healthy.update({
        "calf_pump_peak_mmHg": 0.0, "foot_pump_peak_mmHg": 0.0, "thigh_pump_peak_mmHg": 0.0,
        "tiptoe_pump_peak_mmHg": 0.0, "calf_strength": 0.0,
    })


@pytest.mark.parametrize("exercise", ["tiptoe", "walk"])
def test_avp_without_a_drop_has_no_refill_time(pumpless: ParameterValues, exercise: str) -> None:
    # the pressure does not fall: an RT90 of 0 s would read as the fastest (worst) refill
    with pytest.raises(CalfpumpError, match="RT90 is undefined") as info:
        ambulatory_venous_pressure(pumpless, exercise=exercise)
    assert "rest 90.6 mmHg" in str(info.value)


def test_avp_rt90_zero_only_when_back_by_the_end_of_the_exercise(healthy: ParameterValues) -> None:
    # no calf strength: 10 tiptoes lower the foot pressure about 1 mmHg once, and it is back above
    # 90 % of that drop when the exercise ends: RT90 = 0 s by the definition (documented)
    r = ambulatory_venous_pressure(Person.create(calf_strength=0.0).parameters(healthy))
    assert r.rest_mmHg - r.min_mmHg >= 1.0  # avp.MIN_DROP_mmHg
    assert r.rt90_s == 0.0
    p = r.solution.pressure("ankle")
    at_end = int(np.flatnonzero(r.solution.t >= r.exercise_end_s)[0])
    assert p[at_end] >= r.min_mmHg + 0.9 * (r.rest_mmHg - r.min_mmHg)


@pytest.mark.parametrize("flag", ["no", "False", 1, 0.0, None, [True]])
def test_apg_tourniquet_must_be_true_or_false(healthy: ParameterValues, flag: object) -> None:
    # tourniquet="no" used to put the tourniquet on (any truthy value did)
    with pytest.raises(ParameterError, match="tourniquet"):
        air_plethysmography(healthy, tourniquet=flag)  # type: ignore[arg-type]


def test_apg_tourniquet_takes_numpy_truth_values(healthy: ParameterValues) -> None:
    with_np = air_plethysmography(healthy, tourniquet=np.bool_(True))  # type: ignore[arg-type]
    assert with_np.vv_mL == pytest.approx(air_plethysmography(healthy, tourniquet=True).vv_mL)


def test_reflux_still_running_at_the_end_of_the_window_is_flagged() -> None:
    # superficial reflux at severity 0.3: the junction refluxes through the whole 10 s window; the
    # time (10 s) is a lower bound, not a duration
    r = duplex_reflux(ParameterValues.preset("superficial-reflux", 0.3))
    assert r.sfj_reflux_s == pytest.approx(WINDOW_S, abs=0.01)
    assert r.sfj_reflux_ongoing and not r.popliteal_reflux_ongoing
    assert r.lower_bounds() == ("sfj_reflux_s",)
    assert set(r.to_dict()) == {"sfj_reflux_s", "popliteal_reflux_s"}  # the stable form is kept


def test_reflux_that_stops_is_not_flagged(healthy: ParameterValues) -> None:
    r = duplex_reflux(healthy)
    assert not r.sfj_reflux_ongoing and not r.popliteal_reflux_ongoing
    assert r.lower_bounds() == ()


def test_reflux_plot_says_when_the_time_is_a_lower_bound() -> None:
    fig = duplex_reflux(ParameterValues.preset("superficial-reflux", 0.3)).plot()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert "at least 10.00 s" in titles[0] and "still refluxing" in titles[0]
    assert "at least" not in titles[1]


@pytest.mark.parametrize("only", [5, 2.5, b"supine_calf_pressure"])
def test_validate_only_must_be_ids(only: object) -> None:
    # validate(5) raised a bare TypeError; bytes were read as a list of numbers
    with pytest.raises(ParameterError, match="only"):
        validate(only)  # type: ignore[arg-type]


def _renamed_ankle(healthy: ParameterValues) -> ParameterValues:
    """The healthy leg with its ``ankle`` node (where AVP is read) under another name."""
    from dataclasses import replace

    def ren(name: str) -> str:
        return "dorsal" if name == "ankle" else name

    net = healthy.network
    net = replace(net, name="renamed", nodes=tuple(replace(n, name=ren(n.name)) for n in net.nodes),
                  links=tuple(replace(lk, up=ren(lk.up), down=ren(lk.down)) for lk in net.links))
    values = {("dorsal" + k[5:] if k.startswith("ankle.") else k): v for k, v in healthy.items()}
    return ParameterValues(values, network=net)


def test_avp_needs_the_node_it_reads(healthy: ParameterValues) -> None:
    # a network without the 'ankle' node gave a bare KeyError after the whole simulation
    with pytest.raises(ParameterError, match="'ankle'.*'renamed'"):
        ambulatory_venous_pressure(_renamed_ankle(healthy))


def test_apg_needs_calf_veins(healthy: ParameterValues) -> None:
    # a network with no calf node gave "TypeError: 'int' object is not subscriptable"
    from dataclasses import replace

    net = replace(healthy.network, name="no-calf",
                  nodes=tuple(replace(n, calf=False) for n in healthy.network.nodes))
    with pytest.raises(ParameterError, match="calf.*'no-calf'"):
        air_plethysmography(ParameterValues(dict(healthy.items()), network=net))
