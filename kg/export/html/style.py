"""How each node type looks on the page: colour, vis-network shape, size and label.

Colour is the main channel (a colour-blind-safe palette), shape the second, so types stay apart in the
legend and on a grey-scale print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kg import model


@dataclass(frozen=True)
class TypeStyle:
    color: str
    shape: str


TYPE_STYLES: dict[str, TypeStyle] = {
    model.PAPER: TypeStyle("#4C78A8", "dot"),
    model.METHOD: TypeStyle("#F58518", "diamond"),
    model.DATASET: TypeStyle("#54A24B", "square"),
    model.TASK: TypeStyle("#E45756", "triangle"),
    model.METRIC: TypeStyle("#72B7B2", "triangleDown"),
    model.CONCEPT: TypeStyle("#B279A2", "dot"),
    model.REPOSITORY: TypeStyle("#9D755D", "star"),
    model.CODE_OWNER: TypeStyle("#79706E", "hexagon"),
    model.AUTHOR: TypeStyle("#EECA3B", "dot"),
}
UNKNOWN_STYLE = TypeStyle("#BAB0AC", "dot")

EDGE_COLORS: dict[str, str] = {
    model.RELATED_TO: "#8FB3D9",
    model.HAS_CODE: "#9D755D",
    model.OWNED_BY: "#79706E",
    model.PROPOSES: "#F58518",
}
DEFAULT_EDGE_COLOR = "#B8B8B8"

# Research areas are drawn as soft tinted regions behind the nodes (the page adds transparency), so these
# only need to tell neighbouring areas apart; they repeat past ten areas.
AREA_COLORS = (
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#B279A2",
    "#72B7B2", "#EECA3B", "#9D755D", "#FF9DA6", "#79706E",
)

LABEL_CHARS = 48


def style_of(node_type: str) -> TypeStyle:
    return TYPE_STYLES.get(node_type, UNKNOWN_STYLE)


def type_order(node_type: str) -> int:
    """Legend order: the model's order, unknown types last."""
    return model.NODE_TYPES.index(node_type) if node_type in model.NODE_TYPES else len(model.NODE_TYPES)


def area_color(rank: int) -> str:
    return AREA_COLORS[rank % len(AREA_COLORS)]


def node_size(degree: int) -> float:
    """Radius grows with the square root of degree, so area tracks how connected a node is."""
    return round(min(48.0, 6.0 + 3.2 * math.sqrt(degree)), 1)


def node_label(attrs: dict) -> str:
    """Short label: papers by title, everything else by name; long text cut with an ellipsis."""
    text = str(attrs.get("title") or attrs.get("name") or "")
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"
