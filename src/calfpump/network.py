"""The leg's venous network described as data: typed nodes, links and valves.

A :class:`Network` is plain data (in the spirit of svZeroDSolver's JSON
blocks): nodes are collapsible venous compartments, links connect two nodes
(or a node and the right-atrial boundary) and may carry a valve. The numbers
(volumes, stiffness, resistances, valve competence) live in
:mod:`calfpump.parameters`; the network says only what exists and where.

Adding a perforator is one :class:`Link`; a second segment is one
:class:`Node` plus its links; parameter names follow from the names here.

Examples
--------
>>> net = LEG
>>> [n.name for n in net.nodes][:3]
['foot', 'ankle', 'deep_calf']
>>> net.link("popliteal_valve").valved
True
>>> extra = net.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
>>> len(extra.links) == len(net.links) + 1
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import ParameterError

#: Name of the right-atrial pressure boundary, usable as a link's ``down`` end.
RIGHT_ATRIUM = "right_atrium"

PUMPS: tuple[str, ...] = ("calf", "foot", "thigh")
SEGMENTS: tuple[str, ...] = ("trunk", "thigh", "shank")


@dataclass(frozen=True)
class Node:
    """A collapsible venous compartment.

    Parameters
    ----------
    name
        Identifier; parameter names start with it (``"deep_calf.V0_mL"``).
    description
        What the compartment stands for anatomically.
    segment
        Body segment carrying it: ``"trunk"``, ``"thigh"`` or ``"shank"``.
    height_fraction
        Height above the floor when standing, as a fraction of body height
        (sets its position along the segment and so its hydrostatic level).
    pump
        Muscle pump squeezing it from outside (``"calf"``, ``"foot"``,
        ``"thigh"``) or ``None``.
    lower_leg
        Part of the lower leg: filters into the lower-leg interstitium, feels
        its tissue pressure, counts in lower-leg volume.
    hyperaemic
        Its arterial inflow rises with muscle activity (exercise hyperaemia).
    calf
        Lies within the calf: squeezed by a calf cuff, counted in the calf
        venous volume that plethysmography reads.
    """

    name: str
    description: str
    segment: str
    height_fraction: float
    pump: str | None = None
    lower_leg: bool = False
    hyperaemic: bool = False
    calf: bool = False

    def __post_init__(self) -> None:
        if self.segment not in SEGMENTS:
            raise ParameterError(f"Node {self.name!r}: segment {self.segment!r} is not one of {SEGMENTS}")
        if self.pump is not None and self.pump not in PUMPS:
            raise ParameterError(f"Node {self.name!r}: pump {self.pump!r} is not one of {PUMPS} or None")
        if not 0.0 <= self.height_fraction <= 1.0:
            raise ParameterError(
                f"Node {self.name!r}: height_fraction = {self.height_fraction} is outside 0 to 1"
            )


@dataclass(frozen=True)
class Link:
    """A venous connection from ``up`` to ``down`` (the normal flow direction).

    ``valved`` links carry a Mynard-type valve that lets flow pass only from
    ``up`` to ``down`` (unless made incompetent by its parameters).
    """

    name: str
    up: str
    down: str
    valved: bool = False
    description: str = ""


@dataclass(frozen=True)
class Network:
    """Nodes and links of a venous network, with a right-atrial boundary."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    lymph_target: str
    name: str = "leg"
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [n.name for n in self.nodes]
        if len(set(names)) != len(names):
            raise ParameterError(f"Network {self.name!r}: duplicate node names in {names}")
        lnames = [lk.name for lk in self.links]
        if len(set(lnames)) != len(lnames):
            raise ParameterError(f"Network {self.name!r}: duplicate link names in {lnames}")
        clash = set(names) & set(lnames)
        if clash:
            raise ParameterError(f"Network {self.name!r}: names used for a node and a link: {clash}")
        index = {n: i for i, n in enumerate(names)}
        for lk in self.links:
            if lk.up not in index:
                raise ParameterError(f"Link {lk.name!r}: up end {lk.up!r} is not a node")
            if lk.down not in index and lk.down != RIGHT_ATRIUM:
                raise ParameterError(
                    f"Link {lk.name!r}: down end {lk.down!r} is not a node or {RIGHT_ATRIUM!r}"
                )
            if lk.up == lk.down:
                raise ParameterError(f"Link {lk.name!r} connects {lk.up!r} to itself")
        if not any(lk.down == RIGHT_ATRIUM for lk in self.links):
            raise ParameterError(f"Network {self.name!r}: no link drains to {RIGHT_ATRIUM!r}")
        if self.lymph_target not in index:
            raise ParameterError(f"Network {self.name!r}: lymph_target {self.lymph_target!r} is not a node")
        object.__setattr__(self, "_index", index)

    @property
    def node_names(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes)

    @property
    def link_names(self) -> tuple[str, ...]:
        return tuple(lk.name for lk in self.links)

    @property
    def valves(self) -> tuple[Link, ...]:
        """The valved links, in link order (the order of valve states)."""
        return tuple(lk for lk in self.links if lk.valved)

    def node_index(self, name: str) -> int:
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(f"no node {name!r}; nodes are {list(self.node_names)}") from None

    def node(self, name: str) -> Node:
        return self.nodes[self.node_index(name)]

    def link(self, name: str) -> Link:
        for lk in self.links:
            if lk.name == name:
                return lk
        raise KeyError(f"no link {name!r}; links are {list(self.link_names)}")

    def with_node(self, node: Node) -> Network:
        """A copy with one more node (give it links with :meth:`with_link`)."""
        return replace(self, nodes=self.nodes + (node,))

    def with_link(self, link: Link) -> Network:
        """A copy with one more link."""
        return replace(self, links=self.links + (link,))


#: The default network of one leg (DESIGN.md). Standing heights are fractions of
#: body height: ankle 0.039 (the ``ankle`` node, where ambulatory venous pressure is
#: read; Stick 1992 measured at the ankle), knee 0.285 and hip 0.530 (Drillis & Contini 1966, in Winter 2009);
#: the positions of the compartments' centres within the segments are ours.
LEG = Network(
    name="leg",
    nodes=(
        Node("foot", "plantar venous plexus (foot pump)", "shank", 0.02, pump="foot", lower_leg=True),
        Node("ankle", "dorsal foot and ankle superficial veins, where ambulatory venous pressure is read",
             "shank", 0.039, lower_leg=True),
        Node("deep_calf", "soleal and gastrocnemius sinuses, posterior tibial and peroneal veins",
             "shank", 0.17, pump="calf", lower_leg=True, hyperaemic=True, calf=True),
        Node("superficial_calf", "great and small saphenous veins below the knee",
             "shank", 0.15, lower_leg=True, calf=True),
        Node("popliteal", "popliteal vein", "thigh", 0.285),
        Node("superficial_thigh", "great saphenous vein above the knee", "thigh", 0.41),
        Node("femoral", "femoral and common femoral veins (thigh pump)", "thigh", 0.45,
             pump="thigh", hyperaemic=True),
        Node("iliac", "iliac veins and inferior vena cava", "trunk", 0.58),
    ),
    links=(
        Link("foot_deep_valve", "foot", "deep_calf", valved=True,
             description="plantar veins to posterior tibial veins"),
        Link("foot_perforator_valve", "foot", "ankle", valved=True,
             description="foot perforators, plantar to dorsal veins"),
        Link("ankle_superficial_valve", "ankle", "superficial_calf", valved=True,
             description="marginal veins into the great and small saphenous veins"),
        Link("perforator_valve", "superficial_calf", "deep_calf", valved=True,
             description="calf perforators (superficial to deep)"),
        Link("popliteal_valve", "deep_calf", "popliteal", valved=True,
             description="deep calf veins to the popliteal vein"),
        Link("saphenopopliteal_valve", "superficial_calf", "popliteal", valved=True,
             description="small saphenous vein into the popliteal vein"),
        Link("gsv_knee_valve", "superficial_calf", "superficial_thigh", valved=True,
             description="great saphenous valves at the knee"),
        Link("femoral_valve", "popliteal", "femoral", valved=True,
             description="popliteal to femoral vein"),
        Link("saphenofemoral_valve", "superficial_thigh", "femoral", valved=True,
             description="saphenofemoral junction"),
        Link("common_femoral_valve", "femoral", "iliac", valved=True,
             description="common femoral to external iliac vein"),
        Link("caval_outflow", "iliac", RIGHT_ATRIUM, valved=False,
             description="inferior vena cava to the right atrium"),
    ),
    lymph_target="iliac",
)
