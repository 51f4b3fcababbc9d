"""The peer methods, each turned into a partitioner of one community's atoms.

Every peer gets what Grid Planner's own partitioner gets: the community's atoms and their
adjacency graph from ``gridplanner.algorithms.atoms.build_atoms`` (every shared boundary is
an edge, whatever road or river runs along it: the peers know nothing of barriers) and the
grid count the engine would choose (``partition.choose_grid_count``: the count in
``[ceil(H/max), floor(H/min)]`` whose mean is closest to the target). A peer returns one
label per atom; :func:`drafts_from_labels` makes grids of them, and the engine's own
dissolve, numbering and metrics take it from there.

Peers:

* ``kmeans`` — scikit-learn ``KMeans`` on atom centroids weighted by households
  (``sample_weight``), the naive approach; ignores adjacency.
* ``maxp`` — spopt ``MaxPHeuristic``: as many regions as possible, each with at least the
  band minimum of households; chooses its own count (so ``k`` is ignored).
* ``gerrychain`` — GerryChain ``recursive_tree_part`` with the target ``H/k`` and the largest
  tolerance that keeps every grid inside the band. When no cut within that tolerance exists
  (e.g. a tower above the band maximum), the tolerance is widened ×1.5; when GerryChain 0.3
  trips over a two-node remainder, other random trees are tried; at most
  :data:`GERRYCHAIN_RETRIES` times per community, and the run says so in :data:`NOTES`.
* ``metis`` — pymetis ``part_graph`` with household vertex weights.
"""

from __future__ import annotations

import warnings

import numpy as np

PEERS = ("kmeans", "maxp", "gerrychain", "metis")
#: What a peer had to do beyond its plain call (e.g. a widened tolerance), for the report.
NOTES: list[str] = []
#: GerryChain: retries of a community (tolerance widened ×1.5 when no balanced cut exists,
#: other random trees when GerryChain trips over a two-node remainder).
GERRYCHAIN_RETRIES = 8


def _edges(graph) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(graph.edge_i, dtype=np.int64), np.asarray(graph.edge_j, dtype=np.int64)


def kmeans_labels(graph, k: int, band, seed: int) -> np.ndarray:
    """scikit-learn KMeans on atom centroids, weighted by households."""
    from sklearn.cluster import KMeans

    xy = np.column_stack([graph.x, graph.y]).astype(float)
    weight = np.asarray(graph.households, dtype=float)
    k = max(1, min(k, int((weight > 0).sum()) or 1, len(xy)))
    if k == 1:
        return np.zeros(len(xy), dtype=np.int64)
    # Centroids near zero keep the arithmetic well conditioned (metric coordinates are ~1e6).
    xy = xy - xy.mean(axis=0)
    model = KMeans(n_clusters=k, n_init=10, random_state=seed)
    model.fit(xy, sample_weight=weight if weight.sum() > 0 else None)
    return model.predict(xy).astype(np.int64)


def maxp_labels(graph, k: int, band, seed: int) -> np.ndarray:
    """spopt MaxPHeuristic with the band minimum as threshold on households."""
    import geopandas as gpd
    import libpysal
    from spopt.region import MaxPHeuristic

    n = graph.n
    if n == 1 or float(np.sum(graph.households)) < band.min:
        # Not even one region can reach the threshold (MaxPHeuristic refuses the input):
        # the whole community is one grid, as the engine makes it.
        return np.zeros(n, dtype=np.int64)
    i, j = _edges(graph)
    neighbors = {a: [] for a in range(n)}
    for a, b in zip(i.tolist(), j.tolist()):
        neighbors[a].append(b)
        neighbors[b].append(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.W(neighbors, silence_warnings=True)
    gdf = gpd.GeoDataFrame({"households": np.asarray(graph.households, dtype=float),
                            "x": np.asarray(graph.x) - np.mean(graph.x),
                            "y": np.asarray(graph.y) - np.mean(graph.y)},
                           geometry=list(graph.geometry))
    np.random.seed(seed)      # MaxPHeuristic draws from numpy's global generator
    model = MaxPHeuristic(gdf, w, ["x", "y"], "households", float(band.min), top_n=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.solve()
    labels = np.asarray(model.labels_)
    # Areas left unassigned by the heuristic (label 0 or negative in some versions) form
    # their own group, so every atom still lands in a grid.
    _, out = np.unique(labels, return_inverse=True)
    return out.astype(np.int64)


def gerrychain_labels(graph, k: int, band, seed: int) -> np.ndarray:
    """GerryChain recursive_tree_part with the band's tolerance around the mean size."""
    import random

    import networkx as nx
    from gerrychain import Graph
    from gerrychain.tree import recursive_tree_part

    n = graph.n
    total = float(np.sum(graph.households))
    if k <= 1 or n == 1:
        return np.zeros(n, dtype=np.int64)
    target = total / k
    epsilon = max(0.01, min(band.max - target, target - band.min) / target)
    g = nx.Graph()
    for a in range(n):
        g.add_node(a, households=float(graph.households[a]))
    i, j = _edges(graph)
    g.add_edges_from(zip(i.tolist(), j.tolist()))
    gc_graph = Graph.from_networkx(g)
    draw = seed
    for attempt in range(GERRYCHAIN_RETRIES + 1):
        random.seed(draw)     # GerryChain draws from Python's global generator
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                assignment = recursive_tree_part(gc_graph, range(k), target, "households", epsilon)
            break
        except RuntimeError as exc:       # no balanced cut within epsilon
            if attempt == GERRYCHAIN_RETRIES:
                raise
            NOTES.append(f"no cut of {total:.0f} households into {k} within ±{epsilon:.0%} "
                         f"({exc}); tolerance widened to ±{epsilon * 1.5:.0%}")
            epsilon *= 1.5
        except IndexError:
            # GerryChain 0.3 cannot cut a two-node remainder (its root choice needs a node of
            # degree > 1); other random trees may not leave one.
            if attempt == GERRYCHAIN_RETRIES:
                raise
            NOTES.append(f"GerryChain could not cut a two-atom remainder of {total:.0f} households "
                         f"into {k}; retried with other random trees")
            draw += 1
    return np.array([assignment[a] for a in range(n)], dtype=np.int64)


def metis_labels(graph, k: int, band, seed: int) -> np.ndarray:
    """pymetis part_graph with household vertex weights."""
    import pymetis

    n = graph.n
    if k <= 1 or n == 1:
        return np.zeros(n, dtype=np.int64)
    i, j = _edges(graph)
    adjacency = [[] for _ in range(n)]
    for a, b in zip(i.tolist(), j.tolist()):
        adjacency[a].append(b)
        adjacency[b].append(a)
    xadj = np.zeros(n + 1, dtype=np.int64)
    xadj[1:] = np.cumsum([len(x) for x in adjacency])
    adjncy = np.fromiter((b for x in adjacency for b in x), dtype=np.int64, count=int(xadj[-1]))
    opts = pymetis.Options(seed=seed)
    # METIS needs positive weights to balance; empty land weighs one household.
    vweights = np.maximum(1, np.asarray(graph.households, dtype=np.int64))
    _, parts = pymetis.part_graph(k, xadj=xadj, adjncy=adjncy, vweights=vweights, options=opts)
    return np.asarray(parts, dtype=np.int64)


SOLVERS = {"kmeans": kmeans_labels, "maxp": maxp_labels, "gerrychain": gerrychain_labels,
           "metis": metis_labels}


def drafts_from_labels(labels: np.ndarray):
    """One ``GridDraft`` per distinct label, atoms in label order (empty labels dropped)."""
    from gridplanner.algorithms.partition import GridDraft

    labels = np.asarray(labels)
    return [GridDraft(atoms=np.flatnonzero(labels == lab).tolist()) for lab in np.unique(labels)]
