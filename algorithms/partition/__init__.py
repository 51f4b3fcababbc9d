"""The partitioner: contiguous, band-respecting, workload-balanced grids over atoms.

One community at a time (a grid never crosses a community line). Inside a community:

1. atoms that must form a grid of their own are set aside: locked grids, dedicated sites
   (专属网格) and single buildings above the band's maximum;
2. the remaining atoms are linked by every boundary that is not a hard barrier; each
   connected part, an *area* (cut off by rivers or major roads), is planned on its own,
   with a grid count in ``[ceil(H/max), floor(H/min)]``;
3. a start is built by recursive bisection of random spanning trees of the atom graph
   (cutting one tree edge always leaves two connected halves), keeping both halves able to
   meet the band;
4. local search improves it: single boundary moves that keep both grids connected,
   merge–split steps that re-cut two neighbouring grids, and workload transfer chains along
   paths of neighbouring grids, under the objective below.

Grids still outside the band are repaired, proven unable to do better (``proofs``) or
settled by the exact check of their area (``settle``, ``bandcheck``), and explained.
The objective the search minimises is described in ``search``.

Modules, in the order a community goes through them:

- ``community``: :func:`partition_community`, the front door (own grids, areas, merging
  small areas, grid counts, attaching land without households);
- ``adjacency``: the atom graph's neighbour lists (:class:`Neighbour`, :class:`Boundary`)
  and connected parts;
- ``units``: what the search moves (atoms, with compounds apart fused into one unit);
- ``counts``: grid counts of a community and of its areas;
- ``cuts``: spanning-tree bisection (starts and re-cuts);
- ``search``: :class:`AreaSearch`, the plan state of one area and its local search;
- ``compiled``, ``search_kernels``: the compiled inner loops of the cuts and of the search
  (numba; the same functions run as Python without it, with the same results);
- ``proofs``: connected sets in the band, units no in-band grid can hold, workload gaps;
- ``settle``: the exact check's cover made into grids;
- ``explain``: the reasons of grids outside the band;
- ``draft``: :class:`GridDraft`, what the planner receives.
"""

from ..band import Band
from .adjacency import Boundary, Neighbour
from .community import partition_community
from .counts import apportion_grids, choose_grid_count
from .cuts import bisect_tree
from .draft import GridDraft
from .explain import describe_unit
from .proofs import band_blocked, forced_among, forced_units, household_links, in_band_sets, workload_gap
from .search import AreaSearch, improve_area

__all__ = ["AreaSearch", "Band", "Boundary", "GridDraft", "Neighbour", "apportion_grids", "band_blocked", "bisect_tree",
           "choose_grid_count", "describe_unit", "forced_among", "forced_units", "household_links",
           "improve_area", "in_band_sets", "partition_community", "workload_gap"]
