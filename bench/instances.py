"""Benchmark instances: synthetic streets of any size, made by the sample-data generators.

:func:`instance_path` builds (once) a street of about the requested number of households
with ``sample_data/generate.py: generate_street`` (communities, road hierarchy, compounds,
towers, old lanes, workload attributes) and caches it as a GeoPackage, so every method and
every run reads the very same file. :func:`small_buildings_path` does the same for a town of
small buildings (``sample_data/lattice.py``), where building sizes allow an even workload.
The generators are seeded; the same request always gives the same layers.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / "bench" / "cache"
#: Households of one generated community at ``scale=1`` in a large street (measured on the
#: generator's output: 108,334 households in 13 communities).
HOUSEHOLDS_PER_COMMUNITY = 8500
#: Households of the three-community street per unit of ``scale`` (3,359 at 0.3, 3,848 at 0.38).
SMALL_STREET_HOUSEHOLDS_PER_SCALE = 10000
#: Layers every method reads.
LAYERS = ("buildings", "roads", "communities", "water", "waterway")


def _sample_module(name: str):
    """A module of ``sample_data/`` (not a package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"gp_{name}", ROOT / "sample_data" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generator():
    """The sample-data generator module (``sample_data/generate.py``)."""
    return _sample_module("generate")


def street_arguments(households: int) -> dict:
    """``generate_street`` arguments for a street of about ``households`` households.

    Below two communities' worth, three communities (the generator's minimum, one of them the
    deliberately small riverside community) are shrunk with ``scale``; above, whole
    communities of about :data:`HOUSEHOLDS_PER_COMMUNITY` are added at ``scale=1``.
    """
    if households <= 0:
        raise ValueError("households must be positive")
    if households < 2 * HOUSEHOLDS_PER_COMMUNITY:
        # Below scale 0.3 a generated community can end up without a block.
        scale = round(max(0.3, households / SMALL_STREET_HOUSEHOLDS_PER_SCALE), 3)
        return {"n_communities": 3, "scale": scale}
    return {"n_communities": int(round(households / HOUSEHOLDS_PER_COMMUNITY)) + 1, "scale": 1.0}


def _cached(path: Path, make_layers) -> Path:
    """``path``, written from ``make_layers()`` unless it exists already: under a temporary
    name first, then renamed, so an interrupted run leaves no half file."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    layers = make_layers()
    tmp = path.with_name(path.stem + f".{os.getpid()}.partial.gpkg")
    if tmp.exists():
        tmp.unlink()
    generator().write_gpkg(layers, tmp)
    os.replace(tmp, path)
    return path


def instance_path(households: int, seed: int = 7, cache: str | os.PathLike | None = None) -> Path:
    """Generate (once) a street of about ``households`` households; return its GeoPackage path.

    The file is named after the generator's arguments (default cache ``bench/cache``), so
    requests that map to the same street share it.
    """
    kwargs = street_arguments(households)
    path = Path(cache or DEFAULT_CACHE) / f"street_n{kwargs['n_communities']}_x{kwargs['scale']:g}_seed{seed}.gpkg"
    return _cached(path, lambda: generator().generate_street(seed=seed, defects=False, **kwargs))


#: Households of one lattice block of :func:`small_buildings_path` (5–12 buildings of 5–30
#: households: about 8.5 × 17.5).
HOUSEHOLDS_PER_LATTICE_BLOCK = 150


def small_buildings_path(households: int, seed: int = 7, cache: str | os.PathLike | None = None) -> Path:
    """Generate (once) a town of about ``households`` households in small buildings; return its
    GeoPackage path.

    One community on a lattice of residential and tertiary roads (primary roads only along
    its west and south edges), 5–12 buildings of 5–30 households per block, one block in ten
    a compound: no building or compound comes near the band, so a plan can be even. Same
    layers and fields as :func:`instance_path` (water and parks empty).
    """
    import math

    blocks = max(4, round(households / HOUSEHOLDS_PER_LATTICE_BLOCK))
    rows = max(2, math.isqrt(blocks))
    cols = max(2, round(blocks / rows))

    def layers() -> dict:
        import geopandas as gpd

        buildings, roads, communities, _ = _sample_module("lattice").make_layout(
            seed=seed, rows=rows, cols=cols, hard_every=rows * cols + 1, per_block=(5, 12),
            households=(5, 30), compound_share=0.1)
        buildings.insert(0, "bldg_id", [f"B{i:06d}" for i in range(len(buildings))])
        buildings["dedicated_site"] = None
        no_water = gpd.GeoDataFrame({"kind": []}, geometry=[], crs=buildings.crs)
        return {"communities": communities, "roads": roads, "waterway": no_water, "water": no_water,
                "parks": no_water, "buildings": buildings}

    return _cached(Path(cache or DEFAULT_CACHE) / f"small_buildings_{rows}x{cols}_seed{seed}.gpkg", layers)


def read_instance(path: str | os.PathLike) -> dict:
    """The layers of an instance as GeoDataFrames, read with the engine's own reader."""
    from gridplanner.algorithms import read_layer

    return {name: read_layer(f"{path}|layername={name}", name) for name in LAYERS}
