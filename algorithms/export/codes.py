"""Grid codes for registration: layout, validation and re-numbering.

A grid code is the community code followed by a zero-padded sequence. The default layout is
15 digits: 6 (county, GB/T 2260) + 3 (street/township) + 3 (community) + 3 (sequence), as in
Beijing DB11/T 2157-2023; the older CJ/T 213 layout uses a 2-digit sequence. Sequences run
west→east, then north→south inside each community (:mod:`gridplanner.algorithms.numbering`);
dedicated grids (专属网格) may take their own range (e.g. from 901).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
import shapely

from .._typing import Geometries
from ..errors import InputError
from ..i18n import tr
from ..numbering import number_grids, reading_order


@dataclass(frozen=True)
class CodeLayout:
    """Digits of each level of a grid code.

    ``dedicated_start``: first sequence number of dedicated grids (None: right after the basic
    grids, in the same range).
    """

    county: int = 6
    street: int = 3
    community: int = 3
    sequence: int = 3
    dedicated_start: int | None = None

    def __post_init__(self) -> None:
        for name in ("county", "street", "community", "sequence"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 12:
                raise InputError(tr("code layout: {part} digits must be between 1 and 12, got {value!r}",
                                    part=name, value=value))
        if self.dedicated_start is not None and not 1 <= self.dedicated_start < 10 ** self.sequence:
            raise InputError(tr("code layout: the dedicated range start {start} does not fit a {n}-digit sequence",
                                start=self.dedicated_start, n=self.sequence))

    @property
    def community_length(self) -> int:
        """Digits of the community code (12 by default)."""
        return self.county + self.street + self.community

    @property
    def length(self) -> int:
        """Digits of a whole grid code (15 by default)."""
        return self.community_length + self.sequence

    def street_code(self, community_code: str) -> str:
        """The county + street part of a community code (9 digits by default)."""
        return str(community_code)[: self.county + self.street]

    def county_code(self, community_code: str) -> str:
        """The county part of a community code (6 digits by default)."""
        return str(community_code)[: self.county]

    @classmethod
    def parse(cls, text: str, dedicated_start: int | None = None) -> CodeLayout:
        """Layout from ``"6+3+3+3"`` (county + street + community + sequence)."""
        parts = str(text).replace(" ", "").split("+")
        if len(parts) != 4 or not all(p.isdigit() for p in parts):
            raise InputError(tr("code layout must look like 6+3+3+3 (county+street+community+sequence), got "
                                "{text!r}", text=text))
        county, street, community, sequence = map(int, parts)
        return cls(county, street, community, sequence, dedicated_start)


@dataclass(frozen=True)
class CodeIssue:
    """One problem found in a set of grid codes."""

    grid_code: str | None
    message: str


def validate_codes(codes: Iterable[object], community_codes: Iterable[object], kinds: Iterable[str] | None = None,
                   layout: CodeLayout = CodeLayout()) -> list[CodeIssue]:
    """Check grid codes before registration.

    Every code must be present, made of digits, ``layout.length`` long, unique, and start
    with its grid's community code (itself ``layout.community_length`` digits). With a
    separate dedicated range, dedicated grids must use it and basic grids must stay below it.
    Returns the issues found (empty when the codes are fit to register).
    """
    texts = [None if c is None or (isinstance(c, float) and np.isnan(c)) else str(c) for c in codes]
    community_texts = [None if c is None else str(c) for c in community_codes]
    kinds = list(kinds) if kinds is not None else ["basic"] * len(texts)
    issues: list[CodeIssue] = []
    counts = pd.Series([c for c in texts if c is not None], dtype=object).value_counts()
    for code in counts[counts > 1].index:
        issues.append(CodeIssue(code, tr("code {code} is used by {n} grids; codes must be unique", code=code,
                                         n=counts[code])))
    bad_communities = set()
    for code, community, kind in zip(texts, community_texts, kinds):
        if code is None or code == "":
            issues.append(CodeIssue(None, tr("a grid of community {community} has no code", community=community)))
            continue
        if not code.isdigit():
            issues.append(CodeIssue(code, tr("code {code} contains characters other than digits", code=code)))
            continue
        if len(code) != layout.length:
            issues.append(CodeIssue(code, tr("code {code} has {n} digits; the layout {layout} needs {length}",
                                             code=code, n=len(code), length=layout.length,
                                             layout=f"{layout.county}+{layout.street}+{layout.community}+"
                                                    f"{layout.sequence}")))
            continue
        if community is None or not community.isdigit() or len(community) != layout.community_length:
            if community not in bad_communities:
                bad_communities.add(community)
                issues.append(CodeIssue(code, tr("community code {community!r} is not {n} digits",
                                                 community=community, n=layout.community_length)))
            continue
        if not code.startswith(community):
            issues.append(CodeIssue(code, tr("code {code} does not start with its community code {community}",
                                             code=code, community=community)))
            continue
        seq = int(code[layout.community_length:])
        if seq == 0:
            issues.append(CodeIssue(code, tr("code {code} has sequence 0", code=code)))
        if layout.dedicated_start is not None:
            if kind == "dedicated" and seq < layout.dedicated_start:
                issues.append(CodeIssue(code, tr("dedicated grid {code} lies outside the dedicated range (from "
                                                 "{start})", code=code, start=layout.dedicated_start)))
            elif kind != "dedicated" and seq >= layout.dedicated_start:
                issues.append(CodeIssue(code, tr("basic grid {code} uses the dedicated range (from {start})",
                                                 code=code, start=layout.dedicated_start)))
    return issues


def match_previous(geoms: Geometries, previous_geoms: Geometries, members: Sequence[Collection[str]] | None = None,
                   previous_members: Sequence[Collection[str]] | None = None, min_overlap: float = 0.99) -> np.ndarray:
    """For each new grid, the index of the unchanged previous grid, or -1.

    A grid is unchanged when it holds exactly the same buildings as a previous grid (when
    both member sets are given and non-empty), or when the two polygons overlap by at least
    ``min_overlap`` of the larger one's area (intersection / max area, i.e. both ways).
    Each previous grid matches at most one new grid.
    """
    geoms = np.asarray(geoms, dtype=object)
    previous_geoms = np.asarray(previous_geoms, dtype=object)
    out = np.full(len(geoms), -1, dtype=np.int64)
    taken: set[int] = set()
    if members is not None and previous_members is not None:
        index: dict[frozenset[str], int] = {}
        for j, m in enumerate(previous_members):
            if m:
                index.setdefault(frozenset(m), j)
        for i, m in enumerate(members):
            same = index.get(frozenset(m)) if m else None
            if same is not None and same not in taken:
                out[i] = same
                taken.add(same)
    if not len(previous_geoms):
        return out
    tree = shapely.STRtree(previous_geoms)
    areas = shapely.area(previous_geoms)
    for i, geom in enumerate(geoms):
        if out[i] >= 0 or geom is None:
            continue
        best, best_share = -1, 0.0
        for j in tree.query(geom, predicate="intersects"):
            if int(j) in taken:
                continue
            inter = shapely.area(shapely.intersection(geom, previous_geoms[j], grid_size=0.01))
            share = inter / max(shapely.area(geom), areas[j]) if max(shapely.area(geom), areas[j]) > 0 else 0.0
            if share > best_share:
                best, best_share = int(j), share
        if best >= 0 and best_share >= min_overlap:
            out[i] = best
            taken.add(best)
    return out


def assign_codes(grids: pd.DataFrame, layout: CodeLayout = CodeLayout(), previous: pd.DataFrame | None = None,
                 members: Sequence[Collection[str]] | None = None,
                 previous_members: Sequence[Collection[str]] | None = None,
                 min_overlap: float = 0.99) -> tuple[list[str], list[int], dict[str, int]]:
    """Number grids per community and build their codes.

    ``grids`` needs ``community_code``, ``grid_kind`` and a geometry (all in one metric CRS).
    Without ``previous``, basic grids are numbered 1, 2, … west→east then north→south and
    dedicated grids follow them or start at ``layout.dedicated_start``.

    With ``previous`` (a GeoDataFrame with ``grid_code``, ``community_code`` and geometry in
    the same CRS), every unchanged grid (see :func:`match_previous`) keeps its previous code;
    the other grids get, in reading order, the smallest sequence numbers that no previous
    grid of the community used, so a retired code is never given to a different grid.

    Returns the codes, the sequence numbers and counts ``{"kept": n, "new": m}``.
    """
    width = layout.sequence
    codes: list[str | None] = [None] * len(grids)
    seqs = [0] * len(grids)
    kept = 0
    geoms_all = np.asarray(grids.geometry.to_numpy(), dtype=object)
    kinds_all = grids["grid_kind"].astype(str).to_numpy()
    communities = grids["community_code"].astype(str).to_numpy()
    for community in sorted(set(communities)):
        if len(community) != layout.community_length or not community.isdigit():
            raise InputError(tr("community code {community!r} is not {n} digits (layout {layout})",
                                community=community, n=layout.community_length,
                                layout=f"{layout.county}+{layout.street}+{layout.community}"),
                             layer="grids", field="community_code")
        sel = np.flatnonzero(communities == community)
        geoms, kinds = geoms_all[sel], np.where(kinds_all[sel] == "dedicated", "dedicated", "basic")
        if previous is None:
            seq, local = number_grids(community, geoms, kinds, width, layout.dedicated_start)
            for k, i in enumerate(sel):
                codes[i], seqs[i] = local[k], int(seq[k])
            continue
        prev = previous[previous["community_code"].astype(str) == community]
        prev_codes = prev["grid_code"].astype(str).to_numpy()
        used = {int(c[len(community):]) for c in prev_codes
                if c.startswith(community) and c[len(community):].isdigit()}
        pm = None
        if members is not None and previous_members is not None:
            pm = [previous_members[j] for j in np.flatnonzero(
                previous["community_code"].astype(str).to_numpy() == community)]
        mine = [members[i] for i in sel] if members is not None and pm is not None else None
        match = match_previous(geoms, prev.geometry.to_numpy(), mine, pm, min_overlap)
        fresh = []
        for k, i in enumerate(sel):
            old = prev_codes[match[k]] if match[k] >= 0 else None
            if old is not None and old.startswith(community) and len(old) == layout.length \
                    and old[len(community):].isdigit():
                codes[i], seqs[i] = old, int(old[len(community):])
                kept += 1
            else:
                fresh.append(k)
        for kind in ("basic", "dedicated"):
            todo = [k for k in fresh if kinds[k] == kind]
            if not todo:
                continue
            order = np.asarray(todo)[reading_order(shapely.point_on_surface(geoms[todo]))]
            start = layout.dedicated_start if (kind == "dedicated" and layout.dedicated_start) else 1
            number = start
            for k in order:
                while number in used:
                    number += 1
                if number >= 10 ** width:
                    raise InputError(tr("community {community} has run out of {n}-digit sequence numbers; use a "
                                        "longer sequence", community=community, n=width))
                used.add(number)
                codes[sel[k]], seqs[sel[k]] = f"{community}{number:0{width}d}", number
    # Every grid lies in one community, and every grid of a community was given a code above.
    return cast(list[str], codes), seqs, {"kept": kept, "new": len(grids) - kept}
