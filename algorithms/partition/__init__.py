"""The partitioner: contiguous, band-respecting, workload-balanced grids over atoms.

One community at a time (a grid never crosses a community line). Inside a community:

1. atoms that must form a grid of their own are set aside: locked grids, dedicated sites
   (专属网格) and single buildings above the band's maximum;
2. the remaining atoms are linked by every boundary that is not a hard barrier; each
   connected component (a pocket cut off by rivers or major roads) is planned on its own,
   with a grid count in ``[ceil(H/max), floor(H/min)]``;
3. a start is built by recursive bisection of random spanning trees of the atom graph
   (cutting one tree edge always leaves two connected halves), keeping both halves able to
   meet the band;
4. local search improves it: single boundary moves that keep both grids connected,
   merge–split steps that re-cut two neighbouring grids, and workload transfer chains along
   paths of neighbouring grids, under the objective below.

Objective (lower is better, per grid, summed): a large penalty for households outside the
band (hard), then workload balance (squared relative deviation from the component mean),
then compactness (1 − Polsby–Popper), minor-road crossings (length of minor roads inside the
grid relative to its perimeter) and closeness to the target size. The weights are the
``WEIGHT_*`` constants.
"""

from ..band import Band
from .community import partition_community
from .counts import apportion_grids, choose_grid_count
from .cuts import bisect_tree
from .draft import GridDraft
from .explain import describe_unit
from .proofs import band_blocked, forced_among, forced_units, household_links, in_band_sets, workload_gap
from .search import AreaSearch, improve_area

__all__ = ["AreaSearch", "Band", "GridDraft", "apportion_grids", "band_blocked", "bisect_tree",
           "choose_grid_count", "describe_unit", "forced_among", "forced_units", "household_links",
           "improve_area", "in_band_sets", "partition_community", "workload_gap"]
