"""Grid codes: community code + sequence, numbered west→east then north→south."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import shapely

from ._typing import Geometries


def reading_order(points: Geometries, row_height: float | None = None) -> np.ndarray:
    """Order of points in rows from north to south, each row read west to east.

    Rows are bands of ``row_height`` metres from the northernmost point; by default the
    band is the typical grid size (square root of the mean spacing), so grids of one "row"
    of the map get consecutive numbers as planners number them by hand. Missing or empty
    points (of a grid without area) come last, in their given order.
    """
    points = np.asarray(points, dtype=object)
    if not len(points):
        return np.empty(0, dtype=np.int64)
    located = np.flatnonzero(~(shapely.is_missing(points) | shapely.is_empty(points)))
    nowhere = np.setdiff1d(np.arange(len(points)), located)   # empty geometries go last
    if not len(located):
        return nowhere
    x, y = shapely.get_x(points[located]), shapely.get_y(points[located])
    if row_height is None:
        span = max(x.max() - x.min(), y.max() - y.min(), 1.0)
        row_height = span / max(np.sqrt(len(located)), 1.0)
    row = np.floor((y.max() - y) / row_height).astype(np.int64)
    return np.concatenate([located[np.lexsort((y * -1, x, row))], nowhere]).astype(np.int64)


def grid_codes(community_code: str, sequences: Iterable[int], width: int = 3) -> list[str]:
    """Grid codes made of the community code and a zero-padded sequence."""
    out = []
    for seq in sequences:
        if seq >= 10 ** width:
            raise ValueError(f"community {community_code} has more than {10 ** width - 1} grids; "
                             f"use a longer sequence width")
        out.append(f"{community_code}{int(seq):0{width}d}")
    return out


def sequence_of(community_code: str, grid_code: str) -> int:
    """The sequence number in ``grid_code`` (community code + digits); 0 when it has none."""
    code = str(grid_code)
    tail = code[len(str(community_code)):] if code.startswith(str(community_code)) else code
    digits = re.search(r"(\d+)$", tail)
    return int(digits.group(1)) if digits else 0


def number_grids(community_code: str, geoms: Geometries, kinds: Sequence[str] | np.ndarray, width: int = 3,
                 dedicated_start: int | None = None) -> tuple[np.ndarray, list[str]]:
    """Sequence numbers and codes for one community's grids.

    Basic (and locked) grids are numbered 1, 2, … in reading order; dedicated grids follow
    them, or start at ``dedicated_start`` when a separate number range is used.
    """
    geoms = np.asarray(geoms, dtype=object)
    kinds = np.asarray(kinds, dtype=object)
    reps = shapely.point_on_surface(geoms)
    seq = np.zeros(len(geoms), dtype=np.int64)
    basic = np.flatnonzero(kinds != "dedicated")
    dedicated = np.flatnonzero(kinds == "dedicated")
    order = basic[reading_order(reps[basic])] if len(basic) else basic
    seq[order] = np.arange(1, len(order) + 1)
    start = dedicated_start if dedicated_start is not None else len(order) + 1
    order_d = dedicated[reading_order(reps[dedicated])] if len(dedicated) else dedicated
    seq[order_d] = np.arange(start, start + len(order_d))
    return seq, grid_codes(community_code, seq, width)
