"""The venous network as one compiled right-hand side.

:func:`build` turns a :class:`~calfpump.network.Network` and its
:class:`~calfpump.parameters.ParameterValues` into flat numeric arrays
(:class:`ModelArrays`); :func:`evaluate` computes every pressure and flow from
a state, and :func:`rhs` the time derivative. Both are compiled with numba and
know nothing of the integrator that calls them.

State vector (length ``N + M + 4`` for N nodes and M valves)::

    [ V_1..V_N  (venous volumes, mL)
      V_int     (lower-leg interstitial fluid volume, mL)
      zeta_1..zeta_M (valve states, 0 closed .. 1 open)
      a         (muscle activity driving exercise hyperaemia, 0..1)
      Q_in_cum  (arterial inflow booked so far, mL)
      Q_out_cum (outflow to the right atrium booked so far, mL) ]

Conservation: every link flow is booked at both ends; arterial inflow and
outflow to the right atrium are booked in the two cumulative states;
filtration moves volume from a node to the interstitium and lymph moves it
back to the network's ``lymph_target`` node. So
``sum(V) + V_int - Q_in_cum + Q_out_cum`` is constant, and an explicit
Runge-Kutta method (which preserves linear invariants) keeps it to rounding.

Physics (each law in its own module, with its citation): tube law
(:mod:`calfpump.tube_law`), valves (:mod:`calfpump.valves`), heights from
posture (:mod:`calfpump.hydrostatics`), pump waveforms (:mod:`calfpump.gait`).
Link flow ``Q = G a c (P_up - P_down + rho g (y_up - y_down))`` with ``a`` the
valve's open fraction and ``c`` the collapse factor of the vein the blood
leaves; arterial inflow
``G_art (P_a - P_v)`` with the local arterial pressure
``P_a = MAP - rho g y`` (cannot reverse), raised in working muscle (exercise
hyperaemia) and lowered in the lower leg when its veins are distended (the
veno-arteriolar reflex: Henriksen O, Acta Physiol Scand Suppl 1977;450:1-48;
subcutaneous flow falls by about half when venous transmural pressure rises
by 25 mmHg or more); capillary pressure from the
pre/post-capillary resistance ratio r (Pappenheimer & Soto-Rivera 1948):
``P_c = (P_a + r P_v) / (1 + r)``; Starling filtration
``J_v = K_f [(P_c - P_i - P_skin - P_muscle) - sigma (pi_c - pi_i)]``, where ``P_skin``
(a garment, a cuff, water) presses on the tissue as on the veins, and ``P_muscle`` (resting
tone and the pump's pressure in the calf and the sole) on the capillaries in the muscle as on
its veins, so that a contraction does not filter but squeezes fluid back (the muscle pump's
share in moving interstitial fluid: Aukland K, Reed RK, Physiol Rev 1993;73:1-78); interstitial pressure
``P_i`` from the nonlinear tissue compliance and lymph flow rising with
``P_i`` and with muscle activity, and falling while seated (all in
:mod:`calfpump.interstitium`); the
veno-arteriolar reflex also closes capillaries (filtration coefficient falls
with the inflow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from ._jit import JIT_INLINE, JIT_NO_NRT, stable_cache_identity
from .errors import ParameterError
from .gait import cadence_for_speed, cyclic_pulse, raised_cosine
from .hydrostatics import frame_from_sines, height_on_segment, segment_frame, smoothstep
from .interstitium import interstitial_pressure, lymph_flow, seated_lymph_factor
from .network import PUMPS, RIGHT_ATRIUM, SEGMENTS
from .parameters import INFLOW_REFERENCE_DRIVE_OFFSET_mmHg, ParameterValues
from .tube_law import collapse_conductance_factor_rel, transmural_pressure_rel
from .units import RHO_G_MMHG_PER_CM, WATER_RHO_G_MMHG_PER_CM
from .valves import open_fraction, zeta_rate

# ---- activity codes of the drive table ----
REST, WALK, TIPTOE, SQUEEZE, CYCLE, ANKLE_PUMP, SWIM = 0, 1, 2, 3, 4, 5, 6
#: Crank phase (fraction of a revolution from top dead centre) where the leg pushes
#: hardest, and the half-width of its push: the downstroke (assumption).
CYCLE_PUSH_PHASE, CYCLE_PUSH_HALFWIDTH = 0.25, 0.2
#: Rise time of a calf squeeze's external pressure, s (a hand or a rapid cuff).
SQUEEZE_RISE_S = 0.3
#: Rise (and fall) time of an intermittent pneumatic compression cuff's pressure, s (assumption:
#: a rapid-inflation device; a squeeze row with a frequency is such a device).
DEVICE_RISE_S = 0.5

# ---- drive table columns ----
# start, end, activity, frequency, 3 target inclinations, 3 previous inclinations,
# sines of the 3 target inclinations and cosine of the trunk's (used once settled),
# external calf squeeze pressure (target, previous step's), immersion in water (0/1: target,
# previous step's), walking speed (m/s; 0: by cadence), the device cuff's target (0 calf,
# 1 foot) and inflation time (s) of a squeeze that repeats (its frequency > 0: a pneumatic
# compression device)
D_T0, D_T1, D_ACT, D_FREQ, D_INC, D_PREV, D_SIN, D_COS0 = 0, 1, 2, 3, 4, 7, 10, 13
D_SQUEEZE, D_PREV_SQUEEZE, D_WATER, D_PREV_WATER = 14, 15, 16, 17
D_SPEED, D_DEVICE_TARGET, D_DEVICE_INFLATE = 18, 19, 20
D_NCOL = 21

# ---- node parameter columns ----
(NP_V0, NP_K, NP_KC, NP_M, NP_N, NP_GART, NP_DIST, NP_KF, NP_GARMENT, NP_LOWER, NP_HYPER,
 NP_CALF, NP_INV_V0) = range(13)
NP_NCOL = 13

# ---- valve parameter columns ----
VP_AMIN, VP_KO, VP_KC = 0, 1, 2
VP_NCOL = 3

# ---- global parameter indices ----
GLOBAL_NAMES: tuple[str, ...] = (
    "p_ra", "p_ra_upright", "map", "rho_g", "len_trunk", "len_thigh", "len_shank", "heart_depth", "precap_ratio",
    "calf_amp", "foot_amp", "thigh_amp", "muscle_rest", "calf_phase", "calf_hw", "foot_phase",
    "foot_hw", "thigh_phase", "thigh_hw", "tiptoe_s", "tiptoe_foot", "hyper_factor", "hyper_tau",
    "posture_s", "stocking", "pi_c", "pi_i", "sigma", "vint_ref", "pint_ref", "c_int", "lymph_ref",
    "lymph_g", "tiptoe_amp", "va_red", "va_on", "va_range", "cyc_calf", "cyc_foot", "cyc_thigh",
    "ankle_pump", "swim_calf", "swim_thigh", "water_surface", "habitual_stride_hz", "calf_amp_bare", "foot_amp_bare",
    "c_int_vol", "lymph_max", "lymph_ex", "va_kf", "step_len_100", "c_int_free", "lymph_seated", "calf_amp_cycle",
)
(G_PRA, G_PRA_UP, G_MAP, G_RHOG, G_LTRUNK, G_LTHIGH, G_LSHANK, G_HDEPTH, G_PRECAP, G_CALF, G_FOOT, G_THIGH,
 G_MREST, G_CPH, G_CHW, G_FPH, G_FHW, G_TPH, G_THW, G_TIPS, G_TIPF, G_HYPF, G_HYPTAU, G_POSTS,
 G_STOCK, G_PIC, G_PII, G_SIGMA, G_VREF, G_PREF, G_CINT, G_LREF, G_LG, G_TIPAMP, G_VARED, G_VAON,
 G_VARANGE, G_CYCC, G_CYCF, G_CYCT, G_APUMP, G_SWC, G_SWT, G_WSURF, G_HABSTRIDE,
 G_CALF_BARE, G_FOOT_BARE, G_CINTV, G_LMAX, G_LEX, G_VAKF, G_STEPLEN, G_CFREE, G_LSEAT,
 G_CALF_CYC) = range(len(GLOBAL_NAMES))
G_NCOL = len(GLOBAL_NAMES)

# ---- observation vector layout (per sample) ----
OBS_NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("pressure", "mmHg"), ("external_pressure", "mmHg"), ("height", "cm"),
    ("arterial_inflow", "mL/s"), ("filtration", "mL/s"),
)
OBS_LINK_FIELDS: tuple[tuple[str, str], ...] = (("flow", "mL/s"), ("pressure_difference", "mmHg"))
OBS_SCALARS: tuple[tuple[str, str], ...] = (
    ("interstitial_pressure", "mmHg"), ("lymph_flow", "mL/s"), ("right_atrial_pressure", "mmHg"), ("calf_pump_pressure", "mmHg"),
    ("foot_pump_pressure", "mmHg"), ("thigh_pump_pressure", "mmHg"),
)


@dataclass(frozen=True)
class ModelArrays:
    """Numeric form of one person's model (float arrays) and the shared topology."""

    node_p: np.ndarray  # (N, NP_NCOL)
    link_g: np.ndarray  # (L,) open conductance, mL/s/mmHg
    valve_p: np.ndarray  # (M, VP_NCOL)
    glob: np.ndarray  # (G_NCOL,)
    node_topo: np.ndarray  # (N, 2) int: segment, pump (-1 none, else index in PUMPS)
    link_topo: np.ndarray  # (L, 3) int: up, down (-1 right atrium), valve (-1 none)
    lymph_target: int

    @property
    def valve_conductance(self) -> np.ndarray:
        """Open conductance (mL/s/mmHg) of each valved link, in valve order."""
        valved = self.link_topo[:, 2] >= 0
        out = np.empty(self.n_valves)
        out[self.link_topo[valved, 2]] = self.link_g[valved]
        return out

    @property
    def n_nodes(self) -> int:
        return int(self.node_p.shape[0])

    @property
    def n_links(self) -> int:
        return int(self.link_g.shape[0])

    @property
    def n_valves(self) -> int:
        return int(self.valve_p.shape[0])

    @property
    def n_states(self) -> int:
        return state_size(self.n_nodes, self.n_valves)

    @property
    def n_obs(self) -> int:
        return obs_size(self.n_nodes, self.n_links)


N_OBS_NODE_FIELDS = len(OBS_NODE_FIELDS)
N_OBS_LINK_FIELDS = len(OBS_LINK_FIELDS)
N_OBS_SCALARS = len(OBS_SCALARS)


@njit(**JIT_NO_NRT)
def obs_offsets(n: int, nl: int) -> tuple[int, int, int, int, int, int, int, int]:
    """Start of each block of the observation vector: pressure, external pressure, height,
    arterial inflow, filtration (N each), flow, pressure difference (L each), scalars."""
    return 0, n, 2 * n, 3 * n, 4 * n, 5 * n, 5 * n + nl, 5 * n + 2 * nl


def state_size(n_nodes: int, n_valves: int) -> int:
    return n_nodes + n_valves + 4


def obs_size(n_nodes: int, n_links: int) -> int:
    return N_OBS_NODE_FIELDS * n_nodes + N_OBS_LINK_FIELDS * n_links + N_OBS_SCALARS


def calf_pump_strength_factor(calf_strength: float) -> float:
    """Calf pump pressure in an everyday task relative to a healthy calf's: ``min(calf_strength, 1)``.

    ``calf_strength`` is maximal calf strength relative to a healthy adult (what a dynamometer
    or a 1RM measures, and what :mod:`calfpump.programme` trains). The pressure a contracting
    calf puts on its veins is set by the force the muscle develops: intramuscular pressure rises
    linearly with muscle force or joint torque (Ballard RE et al., J Appl Physiol
    1998;84:1976-1981: soleus pressure against ankle torque r = 0.97, 181 mmHg at the peak of
    walking; Aratow M et al., J Appl Physiol 1993;74:2634-2640). A heel raise and a step need
    the force that lifts the body, and a healthy calf does them well below its maximum: healthy
    adults manage about 25 single-leg heel raises in a row (normative data such as Hebert-Losier
    K et al., Physiotherapy 2017, doi 10.1016/j.physio.2017.03.002), the APG's tiptoes stand on
    both legs, and the number of heel raises does not follow maximal strength (Sara LK et al.,
    PLoS One 2021;16:e0253276). A calf stronger than the healthy reference therefore does the
    same task with the same force at a smaller fraction of its maximum, and the pump's pressure
    does not rise with the surplus (training gains in older adults are mostly neural, more
    activation at the maximum: Walker S, Hakkinen K, J Strength Cond Res 2014;28:3041-3048).
    Below the healthy reference the pressure keeps falling in proportion: the calibrated
    weak-calf lever (docs/model-status.md; lower strength and lower calf pump function go
    together in venous disease: Yang D et al., Cardiovasc Surg (now Vascular) 1999;7:451-456;
    Panny M et al., Vasa 2009;38:171-176); that this share is 1:1 is an assumption.

    Examples
    --------
    >>> calf_pump_strength_factor(0.6), calf_pump_strength_factor(1.0), calf_pump_strength_factor(1.3)
    (0.6, 1.0, 1.0)
    """
    return min(calf_strength, 1.0)


def build(params: ParameterValues) -> ModelArrays:
    """Arrays for one person from validated parameter values.

    Examples
    --------
    >>> from calfpump.parameters import ParameterValues
    >>> arrays = build(ParameterValues.preset("healthy"))
    >>> arrays.n_nodes, arrays.n_links, arrays.n_valves
    (8, 11, 10)
    """
    net = params.network
    p = params
    h = p["body_height_cm"]
    ra, hip, knee = p["right_atrium_height_fraction"], p["hip_height_fraction"], p["knee_height_fraction"]
    if not ra > hip > knee:
        raise ParameterError(
            "landmark heights must satisfy right_atrium_height_fraction > hip_height_fraction > "
            f"knee_height_fraction; got {ra}, {hip}, {knee}"
        )
    seg_top = {"trunk": ra, "thigh": hip, "shank": knee}
    seg_len = {"trunk": (ra - hip) * h, "thigh": (hip - knee) * h, "shank": knee * h}
    map_ = p["mean_arterial_pressure_mmHg"]
    drive_ref = map_ - INFLOW_REFERENCE_DRIVE_OFFSET_mmHg
    kf_total = p["capillary_filtration_coefficient"] * p["lower_leg_tissue_volume_mL"] / 100.0 / 60.0

    n = len(net.nodes)
    node_p = np.zeros((n, NP_NCOL))
    node_topo = np.zeros((n, 2), dtype=np.int64)
    for i, node in enumerate(net.nodes):
        g = f"{node.name}."
        dist = (seg_top[node.segment] - node.height_fraction) * h
        if not -0.02 * h <= dist <= seg_len[node.segment] + 0.02 * h:
            raise ParameterError(
                f"node {node.name!r} at height fraction {node.height_fraction} does not lie on its "
                f"segment {node.segment!r} with these landmark heights"
            )
        node_p[i, NP_V0] = p[g + "V0_mL"]
        node_p[i, NP_INV_V0] = 1.0 / node_p[i, NP_V0]
        node_p[i, NP_K] = p[g + "stiffness_mmHg"]
        node_p[i, NP_KC] = p[g + "collapse_stiffness_mmHg"]
        node_p[i, NP_M] = p[g + "distension_exponent"]
        node_p[i, NP_N] = p[g + "collapse_exponent"]
        node_p[i, NP_GART] = p[g + "inflow_mL_min"] / 60.0 / drive_ref
        node_p[i, NP_DIST] = dist
        node_p[i, NP_KF] = p[g + "filtration_fraction"] * kf_total if node.lower_leg else 0.0
        node_p[i, NP_GARMENT] = p[g + "garment_fraction"]
        node_p[i, NP_LOWER] = 1.0 if node.lower_leg else 0.0
        node_p[i, NP_HYPER] = 1.0 if node.hyperaemic else 0.0
        node_p[i, NP_CALF] = 1.0 if node.calf else 0.0
        node_topo[i, 0] = SEGMENTS.index(node.segment)
        node_topo[i, 1] = PUMPS.index(node.pump) if node.pump else -1

    valves = net.valves
    link_g = np.array([1.0 / p[f"{lk.name}.resistance_mmHg_s_mL"] for lk in net.links])
    link_topo = np.zeros((len(net.links), 3), dtype=np.int64)
    for j, lk in enumerate(net.links):
        link_topo[j, 0] = net.node_index(lk.up)
        link_topo[j, 1] = -1 if lk.down == RIGHT_ATRIUM else net.node_index(lk.down)
        link_topo[j, 2] = valves.index(lk) if lk.valved else -1
    valve_p = np.zeros((len(valves), VP_NCOL))
    for k, lk in enumerate(valves):
        valve_p[k, VP_AMIN] = p[f"{lk.name}.incompetence"]
        valve_p[k, VP_KO] = p[f"{lk.name}.open_rate"]
        valve_p[k, VP_KC] = p[f"{lk.name}.close_rate"]

    glob = np.zeros(G_NCOL)
    glob[G_PRA] = p["right_atrial_pressure_mmHg"]
    glob[G_PRA_UP] = p["right_atrial_pressure_upright_mmHg"]
    glob[G_MAP] = map_
    glob[G_RHOG] = RHO_G_MMHG_PER_CM
    glob[G_LTRUNK] = seg_len["trunk"]
    glob[G_LTHIGH] = seg_len["thigh"]
    glob[G_LSHANK] = seg_len["shank"]
    glob[G_HDEPTH] = p["heart_depth_supine_cm"]
    glob[G_PRECAP] = p["precapillary_resistance_ratio"]
    # the calf pump's pressure scales with strength (up to the healthy level: calf_pump_strength_factor)
    # and with the ankle's range of motion
    calf_force = calf_pump_strength_factor(p["calf_strength"])
    calf_scale = calf_force * p["ankle_rom_factor"]
    glob[G_CALF] = p["calf_pump_peak_mmHg"] * calf_scale
    glob[G_FOOT] = p["foot_pump_peak_mmHg"] * p["foot_pump_efficiency"]
    glob[G_THIGH] = p["thigh_pump_peak_mmHg"]
    glob[G_MREST] = p["muscle_rest_pressure_mmHg"]
    glob[G_CPH] = p["calf_phase"]
    glob[G_CHW] = p["calf_halfwidth"]
    glob[G_FPH] = p["foot_phase"]
    glob[G_FHW] = p["foot_halfwidth"]
    glob[G_TPH] = p["thigh_phase"]
    glob[G_THW] = p["thigh_halfwidth"]
    glob[G_TIPS] = p["tiptoe_contraction_s"]
    glob[G_TIPF] = p["tiptoe_foot_fraction"]
    glob[G_HYPF] = p["exercise_hyperaemia_factor"]
    glob[G_HYPTAU] = p["hyperaemia_time_constant_s"]
    glob[G_POSTS] = p["posture_change_s"]
    glob[G_STOCK] = p["stocking_ankle_mmHg"]
    glob[G_PIC] = p["plasma_oncotic_pressure_mmHg"]
    glob[G_PII] = p["interstitial_oncotic_pressure_mmHg"]
    glob[G_SIGMA] = p["reflection_coefficient"]
    glob[G_VREF] = p["interstitial_volume_ref_mL"]
    glob[G_PREF] = p["interstitial_pressure_ref_mmHg"]
    glob[G_CINT] = p["interstitial_compliance_mL_mmHg"]
    glob[G_LREF] = p["lymph_flow_ref_mL_h"] / 3600.0
    glob[G_LG] = p["lymph_conductance_mL_h_mmHg"] / 3600.0
    glob[G_CINTV] = p["interstitial_compliance_volume_mL"]
    glob[G_CFREE] = p["interstitial_free_fluid_compliance_mL_mmHg"]
    glob[G_LMAX] = p["lymph_flow_max_mL_h"] / 3600.0
    glob[G_LEX] = p["lymph_exercise_factor"]
    glob[G_LSEAT] = p["lymph_seated_factor"]
    glob[G_VAKF] = p["venoarteriolar_filtration_coupling"]
    glob[G_TIPAMP] = p["tiptoe_pump_peak_mmHg"] * calf_scale
    glob[G_VARED] = p["venoarteriolar_reduction"]
    glob[G_VAON] = p["venoarteriolar_onset_mmHg"]
    glob[G_VARANGE] = p["venoarteriolar_range_mmHg"]
    glob[G_CYCC] = p["cycling_calf_fraction"]
    glob[G_CYCF] = p["cycling_foot_fraction"]
    glob[G_CYCT] = p["cycling_thigh_fraction"]
    glob[G_APUMP] = p["ankle_pump_fraction"]
    glob[G_SWC] = p["swim_calf_fraction"]
    glob[G_SWT] = p["swim_thigh_fraction"]
    glob[G_WSURF] = p["swim_surface_above_heart_cm"]
    glob[G_HABSTRIDE] = p["habitual_cadence_spm"] / 120.0  # strides per second
    # without the heel and the shoe: kicking in water, pedal and forefoot pressure
    glob[G_CALF_BARE] = p["calf_pump_peak_mmHg"] * calf_force
    # pedalling: the forefoot presses the pedal and the heel carries no load, so heel pain's
    # limit on late-stance dorsiflexion and the shoe's effect on the walking ankle do not reach
    # the calf; the joint's own range does (assumption: a stiff ankle limits the pedalling calf
    # pump as it limits the walking one)
    glob[G_CALF_CYC] = p["calf_pump_peak_mmHg"] * calf_force * p["ankle_rom_unloaded_factor"]
    glob[G_FOOT_BARE] = p["foot_pump_peak_mmHg"]
    # step length at 100 steps/min, m: sets the cadence of a walk by speed
    glob[G_STEPLEN] = p["step_length_fraction"] * h / 100.0
    return ModelArrays(node_p, link_g, valve_p, glob, node_topo, link_topo, net.node_index(net.lymph_target))


@njit(**JIT_INLINE)
def walk_stride_hz(drive_row: np.ndarray, glob: np.ndarray) -> float:
    """Strides per second of this leg in a walking drive row: its cadence, else the cadence of
    its speed (from the person's step length), else the habitual cadence."""
    if drive_row[D_FREQ] > 0.0:
        return drive_row[D_FREQ]
    if drive_row[D_SPEED] > 0.0:  # by speed: the cadence follows from the step length
        return cadence_for_speed(drive_row[D_SPEED], glob[G_STEPLEN]) / 120.0
    return glob[G_HABSTRIDE]


@njit(**JIT_NO_NRT)
def drive_period(drive_row: np.ndarray, glob: np.ndarray) -> float:
    """Period (s) of a drive row's rhythm: a walk's stride, a pedalling, swimming, tiptoe,
    ankle-pump or compression-device cycle; 0 for a row without one."""
    act = int(drive_row[D_ACT])
    if act == REST:
        return 0.0
    if act == WALK:
        return 1.0 / walk_stride_hz(drive_row, glob)
    if drive_row[D_FREQ] > 0.0:
        return 1.0 / drive_row[D_FREQ]
    return 0.0


@njit(**JIT_INLINE)
def pump_pressures(t: float, drive_row: np.ndarray, glob: np.ndarray) -> tuple[float, float, float]:
    """Calf, foot and thigh pump pressures (mmHg above rest) at time ``t``."""
    act = int(drive_row[D_ACT])
    if act == WALK:
        stride_hz = walk_stride_hz(drive_row, glob)
        phase = (t - drive_row[D_T0]) * stride_hz
        phase -= math.floor(phase)
        calf = glob[G_CALF] * cyclic_pulse(phase, glob[G_CPH], glob[G_CHW])
        foot = glob[G_FOOT] * cyclic_pulse(phase, glob[G_FPH], glob[G_FHW])
        thigh = glob[G_THIGH] * cyclic_pulse(phase, glob[G_TPH], glob[G_THW])
        return calf, foot, thigh
    if act == SWIM:
        phase = (t - drive_row[D_T0]) * drive_row[D_FREQ]
        phase -= math.floor(phase)
        kick = cyclic_pulse(phase, 0.25, 0.2)
        return glob[G_CALF_BARE] * glob[G_SWC] * kick, 0.0, glob[G_THIGH] * glob[G_SWT] * kick
    if act == CYCLE:
        phase = (t - drive_row[D_T0]) * drive_row[D_FREQ]
        phase -= math.floor(phase)
        push = cyclic_pulse(phase, CYCLE_PUSH_PHASE, CYCLE_PUSH_HALFWIDTH)
        return (glob[G_CALF_CYC] * glob[G_CYCC] * push, glob[G_FOOT_BARE] * glob[G_CYCF] * push,
                glob[G_THIGH] * glob[G_CYCT] * push)
    if act == TIPTOE or act == ANKLE_PUMP:
        period = 1.0 / drive_row[D_FREQ]
        tau = (t - drive_row[D_T0]) % period
        d = min(glob[G_TIPS], 0.8 * period)
        pulse = raised_cosine(tau, 0.5 * d, 0.5 * d)
        if act == ANKLE_PUMP:  # seated: no weight on the foot
            return glob[G_TIPAMP] * glob[G_APUMP] * pulse, 0.0, 0.0
        return glob[G_TIPAMP] * pulse, glob[G_TIPF] * glob[G_FOOT_BARE] * pulse, 0.0
    return 0.0, 0.0, 0.0


@njit(**JIT_INLINE)
def device_cycle(tau: float, period: float, inflation: float) -> float:
    """Cuff pressure of a pneumatic compression device, 0..1, ``tau`` s into its first cycle.

    It rises over DEVICE_RISE_S, holds until ``inflation`` s, falls over DEVICE_RISE_S, and
    repeats every ``period`` s.

    Examples
    --------
    >>> device_cycle(2.0, 20.0, 3.0), device_cycle(10.0, 20.0, 3.0), device_cycle(22.0, 20.0, 3.0)
    (1.0, 0.0, 1.0)
    """
    tau = tau % period
    return smoothstep(tau / DEVICE_RISE_S) - smoothstep((tau - inflation) / DEVICE_RISE_S)


@njit(**JIT_INLINE)
def drive_state(
    t: float, drive_row: np.ndarray, glob: np.ndarray
) -> tuple[float, float, float, float, float, float, float, float, float, float, float, float, float]:
    """What the drive row sets at time ``t`` for the whole leg: the segment frame (heights of
    the trunk's, thigh's and shank's proximal ends relative to the right atrium, cm, and the
    sines of their inclinations), the right-atrial pressure, the calf, foot and thigh pump
    pressures, an external calf squeeze and a foot cuff (mmHg), and the immersion in water
    (0-1): ``(b0, b1, b2, s0, s1, s2, p_ra, calf, foot, thigh, squeeze, foot_cuff, immersion)``.
    Shared by :func:`evaluate` and the kernels generated for a fixed topology
    (:mod:`calfpump.kernels`)."""
    # posture: inclinations ramp smoothly from the previous step's posture
    s = smoothstep((t - drive_row[D_T0]) / glob[G_POSTS])
    if s >= 1.0:
        b0, b1, b2, s0, s1, s2 = frame_from_sines(
            drive_row[D_SIN], drive_row[D_SIN + 1], drive_row[D_SIN + 2], drive_row[D_COS0],
            glob[G_LTRUNK], glob[G_LTHIGH], glob[G_HDEPTH],
        )
    else:
        i0 = drive_row[D_PREV] + s * (drive_row[D_INC] - drive_row[D_PREV])
        i1 = drive_row[D_PREV + 1] + s * (drive_row[D_INC + 1] - drive_row[D_PREV + 1])
        i2 = drive_row[D_PREV + 2] + s * (drive_row[D_INC + 2] - drive_row[D_PREV + 2])
        b0, b1, b2, s0, s1, s2 = segment_frame(i0, i1, i2, glob[G_LTRUNK], glob[G_LTHIGH], glob[G_HDEPTH])
    # central venous pressure falls as the trunk comes upright
    p_ra = glob[G_PRA] + (glob[G_PRA_UP] - glob[G_PRA]) * max(0.0, -s0)

    calf, foot, thigh = pump_pressures(t, drive_row, glob)
    # a calf squeeze rises over SQUEEZE_RISE_S from the previous step's level and is
    # released at once (the rapid cuff deflation of the reflux test); a squeeze that repeats
    # is a pneumatic compression device, on the calf or on the foot (plantar plexus)
    squeeze = drive_row[D_SQUEEZE]
    foot_cuff = 0.0
    if int(drive_row[D_ACT]) == SQUEEZE and drive_row[D_FREQ] > 0.0:
        squeeze *= device_cycle(t - drive_row[D_T0], 1.0 / drive_row[D_FREQ], drive_row[D_DEVICE_INFLATE])
        if drive_row[D_DEVICE_TARGET] > 0.5:
            foot_cuff, squeeze = squeeze, 0.0
    elif squeeze > drive_row[D_PREV_SQUEEZE]:
        squeeze = drive_row[D_PREV_SQUEEZE] + (squeeze - drive_row[D_PREV_SQUEEZE]) * smoothstep(
            (t - drive_row[D_T0]) / SQUEEZE_RISE_S
        )
    # immersion follows the change of posture (getting into or out of the water); the water
    # over the chest raises the central venous pressure too (simplification: by its full depth)
    immersion = drive_row[D_PREV_WATER] + s * (drive_row[D_WATER] - drive_row[D_PREV_WATER])
    p_ra += immersion * WATER_RHO_G_MMHG_PER_CM * glob[G_WSURF]
    return b0, b1, b2, s0, s1, s2, p_ra, calf, foot, thigh, squeeze, foot_cuff, immersion


@njit(**JIT_NO_NRT)
def evaluate(
    t: float,
    y: np.ndarray,
    drive_row: np.ndarray,
    node_p: np.ndarray,
    link_g: np.ndarray,
    valve_p: np.ndarray,
    glob: np.ndarray,
    node_topo: np.ndarray,
    link_topo: np.ndarray,
    obs: np.ndarray,
) -> None:
    """Fill ``obs`` with pressures, heights and flows at state ``y``, time ``t``.

    Layout of ``obs``: for each of OBS_NODE_FIELDS a block of N values, then
    for each of OBS_LINK_FIELDS a block of L values (the pressure difference
    includes the hydrostatic term), then OBS_SCALARS.

    :mod:`calfpump.kernels` writes this function and :func:`rhs` out as straight-line code
    for a fixed topology (the default leg's ship as ``_leg_kernels.py``): a change to the
    node or link loops here must be made in ``kernels._body`` as well, and the file
    regenerated (``python tools/generate_kernels.py``); ``tests/unit/test_kernels.py`` fails
    until both agree.
    """
    n = node_p.shape[0]
    nl = link_g.shape[0]
    nv = valve_p.shape[0]
    o_p, o_ext, o_h, o_qa, o_jv, o_q, o_dp, o_s = obs_offsets(n, nl)

    b0, b1, b2, s0, s1, s2, p_ra, calf, foot, thigh, squeeze, foot_cuff, immersion = drive_state(
        t, drive_row, glob
    )
    for i in range(n):
        obs[o_h + i] = height_on_segment(node_topo[i, 0], node_p[i, NP_DIST], b0, b1, b2, s0, s1, s2)
    v_int = y[n]
    p_int = interstitial_pressure(
        v_int, glob[G_VREF], glob[G_PREF], glob[G_CINT], glob[G_CINTV], glob[G_CFREE]
    )
    activity = y[n + 1 + nv]
    rho_g = glob[G_RHOG]
    inv_va_range = 1.0 / glob[G_VARANGE]  # a multiplication per node instead of a division
    r = glob[G_PRECAP]
    starling_oncotic = glob[G_SIGMA] * (glob[G_PIC] - glob[G_PII])

    for i in range(n):
        pump = node_topo[i, 1]
        # pressure applied on the skin (garment, cuff, water): it presses on the veins and on
        # the tissue around the capillaries alike; water presses by the node's depth under the
        # surface, which lies G_WSURF cm above the right atrium
        skin = glob[G_STOCK] * node_p[i, NP_GARMENT] + squeeze * node_p[i, NP_CALF]
        if pump == 1:
            skin += foot_cuff
        if immersion > 0.0:
            skin += immersion * WATER_RHO_G_MMHG_PER_CM * max(glob[G_WSURF] - obs[o_h + i], 0.0)
        ext = skin
        if node_p[i, NP_LOWER] > 0.0:
            ext += p_int
        if pump == 0:
            ext += glob[G_MREST] + calf
        elif pump == 1:
            ext += foot
        elif pump == 2:
            ext += glob[G_MREST] + thigh
        p_tm = transmural_pressure_rel(
            y[i] * node_p[i, NP_INV_V0], node_p[i, NP_K], node_p[i, NP_KC], node_p[i, NP_M], node_p[i, NP_N]
        )
        p = ext + p_tm
        obs[o_ext + i] = ext
        obs[o_p + i] = p
        p_art = glob[G_MAP] - rho_g * obs[o_h + i]
        g_art = node_p[i, NP_GART]
        if node_p[i, NP_HYPER] > 0.0:
            g_art *= 1.0 + (glob[G_HYPF] - 1.0) * activity
        kf = node_p[i, NP_KF]
        if node_p[i, NP_LOWER] > 0.0:
            # veno-arteriolar reflex: distended veins constrict the arterioles upstream, which
            # also closes capillaries (less filtering surface: coupling 1 = in proportion)
            va = glob[G_VARED] * smoothstep((p_tm - glob[G_VAON]) * inv_va_range)
            g_art *= 1.0 - va
            kf *= 1.0 - glob[G_VAKF] * va
        obs[o_qa + i] = g_art * max(p_art - p, 0.0)
        p_cap = (p_art + r * p) / (1.0 + r)
        # the capillaries lie in the same tissue as the vein: the pressure around the vein (skin,
        # tissue fluid, a working muscle) is the pressure around them too, so a contraction
        # raises the capillary pressure and the tissue pressure alike and squeezes fluid back
        # rather than filtering it (p_cap - ext = (p_art - ext + r p_tm) / (1 + r))
        obs[o_jv + i] = kf * ((p_cap - ext) - starling_oncotic)

    for j in range(nl):
        up = link_topo[j, 0]
        down = link_topo[j, 1]
        if down >= 0:
            dp = obs[o_p + up] - obs[o_p + down] + rho_g * (obs[o_h + up] - obs[o_h + down])
        else:
            dp = obs[o_p + up] - p_ra + rho_g * obs[o_h + up]
        v = link_topo[j, 2]
        a = 1.0
        if v >= 0:
            a = open_fraction(y[n + 1 + v], valve_p[v, VP_AMIN])
        # the vein the blood leaves sets how collapsed the path is (upwind)
        src = up if dp >= 0.0 or down < 0 else down
        a *= collapse_conductance_factor_rel(y[src] * node_p[src, NP_INV_V0])
        obs[o_q + j] = link_g[j] * a * dp
        obs[o_dp + j] = dp

    obs[o_s] = p_int
    obs[o_s + 1] = lymph_flow(
        p_int, glob[G_PREF], glob[G_LREF], glob[G_LG], glob[G_LMAX], glob[G_LEX], activity
    ) * seated_lymph_factor(s1, s2, glob[G_LSEAT])
    obs[o_s + 2] = p_ra
    obs[o_s + 3] = calf
    obs[o_s + 4] = foot
    obs[o_s + 5] = thigh


@njit(**JIT_NO_NRT)
def rhs(
    t: float,
    y: np.ndarray,
    drive_row: np.ndarray,
    node_p: np.ndarray,
    link_g: np.ndarray,
    valve_p: np.ndarray,
    glob: np.ndarray,
    node_topo: np.ndarray,
    link_topo: np.ndarray,
    lymph_target: int,
    obs: np.ndarray,
    dy: np.ndarray,
) -> None:
    """Time derivative ``dy`` of state ``y`` (``obs`` is scratch space, filled as by evaluate)."""
    evaluate(t, y, drive_row, node_p, link_g, valve_p, glob, node_topo, link_topo, obs)
    n = node_p.shape[0]
    nl = link_g.shape[0]
    nv = valve_p.shape[0]
    _, _, _, o_qa, o_jv, o_q, o_dp, o_s = obs_offsets(n, nl)

    q_in = 0.0
    filt = 0.0
    for i in range(n):
        dy[i] = obs[o_qa + i] - obs[o_jv + i]
        q_in += obs[o_qa + i]
        filt += obs[o_jv + i]
    q_out = 0.0
    for j in range(nl):
        q = obs[o_q + j]
        up = link_topo[j, 0]
        down = link_topo[j, 1]
        dy[up] -= q
        if down >= 0:
            dy[down] += q
        else:
            q_out += q
        v = link_topo[j, 2]
        if v >= 0:
            dy[n + 1 + v] = zeta_rate(y[n + 1 + v], obs[o_dp + j], valve_p[v, VP_KO], valve_p[v, VP_KC])
    lymph = obs[o_s + 1]
    dy[lymph_target] += lymph
    dy[n] = filt - lymph
    act = int(drive_row[D_ACT])
    target = 1.0 if act != REST and act != SQUEEZE else 0.0
    dy[n + 1 + nv] = (target - y[n + 1 + nv]) / glob[G_HYPTAU]
    dy[n + 2 + nv] = q_in
    dy[n + 3 + nv] = q_out


# the integrator's compiled code is cached per kernel: see _jit.stable_cache_identity
stable_cache_identity(evaluate)
stable_cache_identity(rhs)
