"""Explanations: why a grid stays outside the band, in words a planner can check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..atoms import AtomGraph
from ..band import Band
from ..bandcheck import AreaCheck
from ..i18n import tr
from .budget import SearchBudget
from .draft import GridDraft
from .proofs import Links, band_blocked
from .units import Units


def describe_unit(u: int, units: Units, graph: AtomGraph, building_ids: Sequence | np.ndarray | None = None,
                  compound_names: Mapping[str, str] | None = None) -> str:
    """A planner-readable name for a unit: its compound, dedicated site or buildings."""
    atoms = [int(a) for a in units.members[u]]
    kinds = {graph.group_kind[a] for a in atoms}
    groups = sorted({str(graph.group[a]) for a in atoms if graph.group[a] is not None})
    if groups and kinds & {"compound", "compound_part"}:
        names = []
        for key in groups:
            name = (compound_names or {}).get(key)
            names.append(tr("compound {key} ({name})", key=key, name=name) if name else tr("compound {key}", key=key))
        part = tr(" (part)") if kinds == {"compound_part"} else ""
        return ", ".join(names) + part
    buildings = [b for a in atoms for b in graph.members[a]]
    if building_ids is not None:
        ids = [str(building_ids[b]) for b in buildings]
        shown = ", ".join(ids[:4]) + (tr(" and {n} more", n=len(ids) - 4) if len(ids) > 4 else "")
        return tr("building {ids}", ids=shown) if len(ids) == 1 else tr("buildings {ids}", ids=shown)
    return tr("{n} building(s)", n=len(buildings))


def explain_band(labels: Mapping[int, int], nodes: np.ndarray, units: Units, links: Links, band: Band,
                 drafts: list[GridDraft], base: int, graph: AtomGraph, building_ids: Sequence | np.ndarray | None,
                 compound_names: Mapping[str, str] | None, check: AreaCheck | None = None,
                 budget: SearchBudget | None = None) -> None:
    """Say why grids stayed outside the band, naming the units that block them (``links``:
    :func:`proofs.household_links` of the area; the area's grids are ``drafts[base:]``).

    When the exact check (``check``) proved that no plan of the area misses the band by less,
    every grid of it outside the band is marked ``band_forced`` with that reason too. When it
    proved only that some grid must miss the band, the grid is marked so if it is the area's
    only one outside, and the reason says the rest was not decided. When the time budget
    (``budget``, charged for the proofs here too) stopped the check, the area is undecided
    and its grids outside the band without a proof say so.
    """
    grid_h: dict[int, int] = {}
    for u, g in labels.items():
        grid_h[g] = grid_h.get(g, 0) + int(units.households[u])
    outside = {g for g, hh in grid_h.items() if not band.min <= hh <= band.max}
    bad = {g for g in outside if not drafts[base + g].band_forced}
    if not bad:
        return
    candidates = [u for u, g in labels.items() if g in bad]
    wholes: dict[int, int] = {}
    blocked = band_blocked(nodes, units.households, None, band, candidates, links=links, wholes=wholes,
                           work=budget)
    attributed: set[int] = set()       # one forced miss per whole that cannot fit
    for g in sorted(bad):
        draft = drafts[base + g]
        mine = [u for u, lab in labels.items() if lab == g]
        stuck = sorted((u for u in mine if u in blocked and wholes[u] not in attributed),
                       key=lambda u: (-int(units.households[u]), u))
        if not stuck:
            continue
        draft.band_forced = True
        attributed.update(wholes[u] for u in stuck)
        for u in stuck[:2]:
            near = blocked[u]
            who = describe_unit(u, units, graph, building_ids, compound_names)
            partners = [v for v in mine if v != u and wholes.get(v) == wholes[u]]
            if partners:
                total = int(units.households[[u, *partners]].sum())
                draft.reasons.append(tr(
                    "{who} ({households} households) and the units that reach the rest only through it must "
                    "share one grid in any plan with every grid in the band: {total} households together, "
                    "outside {minimum}–{maximum}", who=who, households=int(units.households[u]), total=total,
                    minimum=band.min, maximum=band.max))
            elif near:
                listed = tr("; ").join(tr("{unit} ({households})", unit=describe_unit(v, units, graph, building_ids,
                                                                                compound_names),
                                          households=int(units.households[v])) for v in near[:3])
                more = tr(" and {n} more", n=len(near) - 3) if len(near) > 3 else ""
                draft.reasons.append(tr(
                    "{who} ({households} households) touches only {listed}{more} (households in brackets); no "
                    "grid holding it can have {minimum}–{maximum} households without splitting a compound below "
                    "the maximum", who=who, households=int(units.households[u]), listed=listed, more=more,
                    minimum=band.min, maximum=band.max))
            else:
                draft.reasons.append(tr(
                    "{who} ({households} households) is enclosed by major roads, rivers or the community line "
                    "with no other households to join", who=who, households=int(units.households[u])))
    if check is None:
        return
    total = int(units.households[nodes].sum())
    undecided = tr("search stopped by the time budget; this area is undecided (a plan with more grids within "
                   "the band may exist: a larger search time budget searches longer)")
    where = tr("no plan of this area ({total} households between major roads, rivers and the community line)",
               total=total)
    how = tr("an exhaustive search of the connected groupings of whole compounds and buildings ({sets} grown) "
             "found none", sets=check.sets)
    if check.status == "proven" or (check.status == "better" and check.exact):
        for g in sorted(bad):
            draft = drafts[base + g]
            if draft.band_forced:
                continue
            draft.band_forced = True
            draft.reasons.append(tr("{where} comes closer to {minimum}–{maximum} households per grid: {how}",
                                    where=where, minimum=band.min, maximum=band.max, how=how))
    elif check.band_impossible:
        # Some grid must miss the band; by how little was not decided within the budget.
        for g in [g for g in sorted(bad) if not drafts[base + g].band_forced]:
            draft = drafts[base + g]
            draft.band_forced = len(outside) == 1
            draft.reasons.append(tr(
                "{where} keeps every grid within {minimum}–{maximum} households: an exhaustive search of the "
                "connected groupings of whole compounds and buildings found none; whether a plan missing the "
                "band by fewer households exists was not decided within the search budget", where=where,
                minimum=band.min, maximum=band.max) + (f"; {undecided}" if check.stopped else ""))
    elif check.stopped:
        for g in [g for g in sorted(bad) if not drafts[base + g].band_forced]:
            drafts[base + g].reasons.append(tr(
                "{undecided}: {total} households between major roads, rivers and the community line",
                undecided=undecided, total=total))

