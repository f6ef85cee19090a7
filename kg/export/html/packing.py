"""Packing separately laid-out components into one compact picture.

The largest component stays where it is; the others fill rows, biggest first, in a block to its right
(screens are wider than tall, and the page's panel sits on the left). The block is about square, so
fitting everything on screen costs little zoom and nothing ends up far away.
"""

from __future__ import annotations

import math

Positions = dict[str, tuple[float, float]]

PAD_PX = 40.0  # margin around each component's bounding box
REGION_GAP_PX = 400.0  # between the main component and the block of the others
ROW_SLACK = 1.15  # extra row width for the ragged ends of rows


def bounding_box(positions: Positions) -> tuple[float, float, float, float]:
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _shelves(sizes: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """Top-left corner of each box when boxes fill rows of `width` left to right, in order."""
    corners = []
    x = y = row_height = 0.0
    for w, h in sizes:
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corners.append((x, y))
        x += w
        row_height = max(row_height, h)
    return corners


def pack_components(parts: list[Positions]) -> Positions:
    """One position map: parts[0] unchanged, the rest moved into rows to its right, vertically centred."""
    parts = [p for p in parts if p]
    if not parts:
        return {}
    placed = dict(parts[0])
    rest = parts[1:]
    if not rest:
        return placed
    _, top, right, bottom = bounding_box(parts[0])
    boxes = [bounding_box(p) for p in rest]
    sizes = [(x1 - x0 + 2 * PAD_PX, y1 - y0 + 2 * PAD_PX) for x0, y0, x1, y1 in boxes]
    area = sum(w * h for w, h in sizes)
    width = max(max(w for w, _ in sizes), ROW_SLACK * math.sqrt(area))
    corners = _shelves(sizes, width)
    block_height = max(y + h for (_, y), (_, h) in zip(corners, sizes))
    block_left = right + REGION_GAP_PX
    block_top = (top + bottom) / 2 - block_height / 2
    for part, (x0, y0, _, _), (cx, cy) in zip(rest, boxes, corners):
        dx = block_left + cx + PAD_PX - x0
        dy = block_top + cy + PAD_PX - y0
        placed.update({n: (x + dx, y + dy) for n, (x, y) in part.items()})
    return placed
