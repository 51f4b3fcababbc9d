"""Grid counts: how many grids a community, or each of its areas, gets."""

from __future__ import annotations

import math

from ..band import Band
from ..i18n import tr


def choose_grid_count(households: int, band: Band) -> tuple[int, str | None]:
    """Grid count for ``households`` within [ceil(H/max), floor(H/min)] closest to the target.

    When the range is empty (e.g. 520 households with a 300–500 band) the count that breaks
    the band least is returned, with a reason.
    """
    if households <= 0:
        return 0, None
    low = math.ceil(households / band.max)
    high = households // band.min
    if low <= high:
        return min(range(low, high + 1), key=lambda k: (abs(households / k - band.target), k)), None
    candidates = {k for k in (low - 1, low, high, high + 1) if k >= 1}

    def violation(k: int) -> float:
        mean = households / k
        return max(0.0, band.min - mean, mean - band.max) / band.target
    k = min(sorted(candidates), key=violation)
    return k, tr("{households} households cannot form grids of {minimum}–{maximum}: {k} grid(s) of about "
                 "{mean:.0f}", households=households, minimum=band.min, maximum=band.max, k=k, mean=households / k)


def apportion_grids(households: dict[int, int], band: Band,
                    workload: dict[int, float] | None = None) -> dict[int, int]:
    """Grid counts for the areas of one community that balance workload best.

    Each area with a feasible range gets a count in ``[ceil(H/max), floor(H/min)]``;
    among all totals the one whose per-grid mean workloads are most even (max/min) and
    closest to the target size wins. Areas with no feasible count keep
    :func:`choose_grid_count`'s answer.
    """
    workload = workload or {c: float(h) for c, h in households.items()}
    fixed, lo, hi = {}, {}, {}
    for c, h in households.items():
        low, high = math.ceil(h / band.max), h // band.min
        if low <= high:
            lo[c], hi[c] = low, high
        else:
            fixed[c] = choose_grid_count(h, band)[0]
    if not lo:
        return fixed
    best: tuple[tuple[float, int], dict[int, int]] | None = None
    for total in range(sum(lo.values()), sum(hi.values()) + 1):
        counts = dict(lo)
        while sum(counts.values()) < total:
            c = max((c for c in counts if counts[c] < hi[c]),
                    key=lambda c: (workload[c] / counts[c], -c))
            counts[c] += 1
        means = [workload[c] / counts[c] for c in counts]
        # Even means inside the community, and means near the target so that communities
        # planned separately still end up with comparable grids.
        off_target = max(abs(households[c] / counts[c] - band.target) for c in counts) / band.target
        score = (max(means) / max(min(means), 1e-9) - 1 + off_target, total)
        if best is None or score < best[0]:
            best = (score, counts)
        if total > 4 * sum(lo.values()) + 50:
            break
    # ``lo`` is not empty, so the range holds at least one total and its first sets ``best``.
    assert best is not None
    out = dict(best[1])
    out.update(fixed)
    return out


def count_violation(households: int, band: Band) -> float:
    """Band violation (in target units) of the best grid count for ``households``."""
    if households <= 0:
        return 0.0
    k, _ = choose_grid_count(households, band)
    mean = households / k
    return max(0.0, band.min - mean, mean - band.max) * k / band.target


def distribute_grids(total: int, weights: dict[int, int]) -> dict[int, int]:
    """Split ``total`` grids over areas proportionally to households (at least one each)."""
    keys = sorted(weights)
    total = max(total, len(keys))
    wsum = sum(weights.values()) or 1
    raw = {k: total * weights[k] / wsum for k in keys}
    out = {k: max(1, int(math.floor(raw[k]))) for k in keys}
    rest = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - math.floor(raw[k])), k)):
        if rest <= 0:
            break
        out[k] += 1
        rest -= 1
    return out

