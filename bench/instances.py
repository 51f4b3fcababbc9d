"""Benchmark instances: generated streets, real OpenStreetMap data, and any GeoPackage.

:func:`instance_path` builds (once) a street of about the requested number of households
with ``sample_data/generate.py: generate_street`` (communities, road hierarchy, compounds,
towers, old lanes, workload attributes) and caches it as a GeoPackage, so every method and
every run reads the very same file. :func:`small_buildings_path` does the same for a town of
small buildings (``sample_data/lattice.py``), where building sizes allow an even workload.
The generators are seeded; the same request always gives the same layers.

:func:`osm_instance` builds the real-data instance from the shared OpenStreetMap extract of
Beijing Wudaokou with ``gridplanner prepare-osm`` (:func:`prepare_osm_layers`), as the whole
area in one community, in four communities (:func:`four_boxes`) or, for the smoke run, one of
those four alone.

Any GeoPackage is an instance (:func:`load_instance`, ``python -m bench --instance PATH``):
its layers are found by a *layer mapping* and planned with the *planning options* it needs,
both read from a sidecar file ``NAME.bench.toml`` next to ``NAME.gpkg`` when there is one
(:data:`SIDECAR_SUFFIX`), and overridden by ``--layers`` and ``--options``::

    label = "Wudaokou, 4 communities"     # the table's title (default: the file name)
    cap_s = 300                            # time cap of each method, seconds (optional)
    attribution = "© OpenStreetMap contributors, ODbL"   # printed under the table (optional)

    [layers]            # role = layer name in the GeoPackage; "" = not used
    buildings = "buildings"
    roads = "roads"
    communities = "communities"            # none: the whole area is one community
    water = ["water", "waterway"]          # any number of water layers (areas and lines)
    compounds = "compounds"                # compound (小区) polygons

    [options]           # PlanParameters, named like `gridplanner plan`'s options
    building_id_field = "osm_id"
    compound_field = ""
    pocket_policy = "separate"
    min = 300

Without a mapping, the layers named ``buildings``, ``roads``, ``communities``, ``water``,
``waterway`` and ``compounds`` are used when the GeoPackage has them (only ``buildings`` is
required); a layer named in a mapping must exist.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = ROOT / "bench" / "cache"
#: Households of one generated community at ``scale=1`` in a large street (measured on the
#: generator's output: 108,334 households in 13 communities).
HOUSEHOLDS_PER_COMMUNITY = 8500
#: Households of the three-community street per unit of ``scale`` (3,359 at 0.3, 3,848 at 0.38).
SMALL_STREET_HOUSEHOLDS_PER_SCALE = 10000
#: Roles of an instance's layers (``water`` is a list: areas and centre lines alike).
ROLES = ("buildings", "roads", "communities", "water", "compounds")
#: The layer mapping used when none is given: role -> layer name(s), each used when present.
DEFAULT_LAYERS: dict[str, Any] = {"buildings": "buildings", "roads": "roads", "communities": "communities",
                                  "water": ["water", "waterway"], "compounds": "compounds"}
#: Sidecar of ``NAME.gpkg``: ``NAME.bench.toml`` (label, cap, layer mapping, planning options).
SIDECAR_SUFFIX = ".bench.toml"
#: The benchmark's seed of every plan (``--options seed=N`` or the sidecar overrides it).
PLAN_SEED = 1
#: Planning options of the generated instances (their field names).
GENERATED_OPTIONS = {"building_id_field": "bldg_id", "dedicated_field": "dedicated_site"}
#: ``gridplanner plan`` option names that differ from the ``PlanParameters`` field.
OPTION_ALIASES = {"min": "min_households", "max": "max_households", "target": "target_households",
                  "pocket_policy": "small_pocket_policy", "grid_count": "grid_counts"}


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


# --------------------------------------------------------------------------------------
# any GeoPackage: layer mapping and planning options
# --------------------------------------------------------------------------------------

@dataclass
class Instance:
    """A GeoPackage, the layers each role reads and the planning options it needs."""

    path: Path
    layers: dict[str, Any] = field(default_factory=dict)     # role -> layer name or list (water)
    options: dict[str, Any] = field(default_factory=dict)    # PlanParameters.from_options names
    label: str = ""
    cap_s: float | None = None
    attribution: str | None = None

    def to_json(self) -> str:
        return json.dumps({"path": str(self.path), "layers": self.layers, "options": self.options,
                           "label": self.label, "cap_s": self.cap_s, "attribution": self.attribution},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Instance:
        data = json.loads(text)
        return cls(**{**data, "path": Path(data["path"])})

    def parameters(self, workers: int = 1):
        """The ``PlanParameters`` of this instance (the bench's seed unless the options set one)."""
        from gridplanner.algorithms import PlanParameters

        return PlanParameters.from_options(**{"seed": PLAN_SEED, **self.options, "workers": workers})


def sidecar_path(path: str | os.PathLike) -> Path:
    """``NAME.bench.toml`` beside ``NAME.gpkg``."""
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def parse_pairs(text: str | None, what: str) -> dict[str, Any]:
    """``a=1,b=x`` (the ``--layers`` and ``--options`` flags) as a dict of texts; a layer role
    given twice (``water=lakes,water=rivers``) becomes a list."""
    out: dict[str, Any] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        if "=" not in item:
            raise ValueError(f"{what}: expected NAME=VALUE, got {item.strip()!r}")
        key, value = (x.strip() for x in item.split("=", 1))
        key = key.replace("-", "_")
        if key in out and what == "--layers":
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        else:
            out[key] = value
    return out


def normalise_options(options: dict[str, Any]) -> dict[str, Any]:
    """Option names as ``PlanParameters.from_options`` takes them (``building-id-field``,
    ``min``, ``pocket-policy`` … as ``gridplanner plan`` spells them are accepted)."""
    out = {}
    for key, value in options.items():
        key = str(key).replace("-", "_")
        out[OPTION_ALIASES.get(key, key)] = value
    return out


def load_instance(path: str | os.PathLike, layers: dict[str, Any] | None = None,
                  options: dict[str, Any] | None = None, label: str | None = None) -> Instance:
    """An instance from a GeoPackage, its sidecar (if any) and ``layers``/``options`` overrides.

    Raises ``ValueError`` with a message for a missing file, an unknown role, a mapped layer
    that is not in the file, or an option ``PlanParameters`` refuses.
    """
    import pyogrio
    import tomllib

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"instance not found: {path}")
    side: dict[str, Any] = {}
    car = sidecar_path(path)
    if car.is_file():
        try:
            side = tomllib.loads(car.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{car}: not valid TOML: {exc}") from exc
        unknown = set(side) - {"label", "cap_s", "attribution", "layers", "options"}
        if unknown:
            raise ValueError(f"{car}: unknown key(s) {sorted(unknown)}; expected label, cap_s, "
                             "attribution, [layers] and [options]")
        weights = (side.get("options") or {}).get("weights")
        if weights and not Path(weights).is_absolute():      # a weights file beside the sidecar
            side["options"]["weights"] = str(car.parent / weights)
    mapping = {**(side.get("layers") or {}), **(layers or {})}
    unknown = set(mapping) - set(ROLES) - {"waterway"}
    if unknown:
        raise ValueError(f"{path}: unknown layer role(s) {sorted(unknown)}; roles are {', '.join(ROLES)}")
    if "waterway" in mapping:                 # a second water layer named as in prepare-osm
        extra = mapping.pop("waterway")
        mapping["water"] = _names(mapping.get("water", [])) + _names(extra)
    present = {str(row[0]) for row in pyogrio.list_layers(path)}
    resolved: dict[str, Any] = {}
    for role in ROLES:
        if role in mapping:                   # named: must exist ("" = not used)
            names = _names(mapping[role])
            missing = [n for n in names if n not in present]
            if missing:
                raise ValueError(f"{path}: no layer {', '.join(map(repr, missing))} (for {role}); "
                                 f"the file has {', '.join(sorted(present))}")
        else:                                 # default: used when present
            names = [n for n in _names(DEFAULT_LAYERS[role]) if n in present]
        if role == "buildings" and len(names) != 1:
            raise ValueError(f"{path}: one buildings layer is needed (the file has "
                             f"{', '.join(sorted(present))}; map it with --layers buildings=NAME)")
        resolved[role] = names if role == "water" else (names[0] if names else None)
    instance = Instance(path=path, layers=resolved,
                        options=normalise_options({**(side.get("options") or {}), **(options or {})}),
                        label=label or side.get("label") or path.stem,
                        cap_s=float(side["cap_s"]) if side.get("cap_s") else None,
                        attribution=side.get("attribution"))
    try:
        instance.parameters()
    except TypeError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    except Exception as exc:          # InputError: a value the parameters refuse
        raise ValueError(f"{path}: {exc}") from exc
    return instance


def _names(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value if str(v)] if isinstance(value, (list, tuple)) else [str(value)]


def generated_instance(path: str | os.PathLike, label: str = "") -> Instance:
    """A cached generated instance: the default layers and the generator's field names
    (written as its sidecar, so ``--instance`` on the cached file plans it the same way)."""
    if not sidecar_path(path).exists():
        write_sidecar(path, label=Path(path).stem, layers={}, options=GENERATED_OPTIONS,
                      comment="Written by bench/instances.py: a generated instance "
                              "(default layer mapping, the generator's field names).")
    return load_instance(path, label=label or None)


def write_sidecar(path: str | os.PathLike, *, label: str, layers: dict[str, Any], options: dict[str, Any],
                  attribution: str | None = None, comment: str = "") -> Path:
    """Write ``NAME.bench.toml`` beside the GeoPackage ``path`` (simple values only)."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps("" if v is None else str(v), ensure_ascii=False)

    lines = [f"# {line}" for line in comment.splitlines()] + [f"label = {value(label)}"]
    if attribution:
        lines.append(f"attribution = {value(attribution)}")
    lines += ["", "[layers]"] + [f"{k} = {value(v)}" for k, v in layers.items()]
    lines += ["", "[options]"] + [f"{k} = {value(v)}" for k, v in options.items()]
    out = sidecar_path(path)
    tmp = out.with_name(out.name + f".{os.getpid()}.partial")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    return out


def read_instance(instance: Instance | str | os.PathLike) -> dict:
    """The layers of an instance as GeoDataFrames, read with the engine's own reader:
    ``buildings``, ``roads``, ``communities``, ``compounds`` (each ``None`` when not used)
    and ``water`` (a list)."""
    from gridplanner.algorithms import read_layer

    if not isinstance(instance, Instance):
        instance = load_instance(instance)

    def read(name: str, role: str):
        return read_layer(f"{instance.path}|layername={name}", role)

    out: dict[str, Any] = {role: read(instance.layers[role], role) if instance.layers.get(role) else None
                           for role in ROLES if role != "water"}
    out["water"] = [read(name, "water") for name in instance.layers.get("water") or []]
    return out


# --------------------------------------------------------------------------------------
# real data: the shared OpenStreetMap extract of Beijing Wudaokou
# --------------------------------------------------------------------------------------

#: The shared extract (relative to the repository root; CI has the same copy beside its checkout).
OSM_EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "beijing_haidian_wudaokou.osm"
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL"
#: Variants of the real-data instance: the whole area as one community, four communities
#: (:func:`four_boxes`), and the south-west box alone as one community (the smoke run's).
OSM_VARIANTS = ("whole", "four", "smoke")
#: Planning options of the real-data instance: OpenStreetMap ids name buildings, compounds
#: come from the ``landuse=residential`` polygons (no compound field on buildings), no
#: dedicated sites.
OSM_OPTIONS = {"building_id_field": "osm_id", "compound_field": "", "compound_id_field": "compound_id",
               "compound_name_field": "compound_name", "population_field": "population"}
#: Made-up 12-digit codes of the four boxes (Haidian's district code, street 999).
BOX_CODES = ("110108999001", "110108999002", "110108999003", "110108999004")
#: Bumped when the construction below changes (part of the cache key, with the sources).
OSM_BUILD_VERSION = 1


def whole_area(buildings) -> Any:
    """The area the engine plans when there is no communities layer: the convex hull of the
    buildings, 50 m wider (``prepare.py``)."""
    import shapely

    return shapely.buffer(shapely.convex_hull(shapely.union_all(buildings.geometry.to_numpy())), 50.0)


def four_boxes(buildings):
    """Four communities of about equal households: the whole area (:func:`whole_area`) cut at
    the household-weighted median easting of the buildings' representative points, then each
    half at its own household-weighted median northing (a two-level k-d split). Deterministic;
    the boxes follow no street, as made-up boundaries seldom do."""
    import geopandas as gpd
    import numpy as np
    import shapely

    area = whole_area(buildings)
    pts = shapely.point_on_surface(buildings.geometry.to_numpy())
    x, y = shapely.get_x(pts), shapely.get_y(pts)
    hh = buildings["households"].to_numpy(dtype=float)
    x0, y0, x1, y1 = area.bounds

    def median(values, weights):
        order = np.argsort(values, kind="stable")
        cum = np.cumsum(weights[order])
        return float(values[order][np.searchsorted(cum, cum[-1] / 2.0)])

    cut_x = median(x, hh)
    boxes = []
    for west in (True, False):
        side = (x <= cut_x) if west else (x > cut_x)
        cut_y = median(y[side], hh[side])
        xa, xb = (x0 - 1, cut_x) if west else (cut_x, x1 + 1)
        boxes += [shapely.box(xa, y0 - 1, xb, cut_y), shapely.box(xa, cut_y, xb, y1 + 1)]
    polys = [shapely.intersection(area, b) for b in boxes]      # SW, NW, SE, NE
    return gpd.GeoDataFrame({"code": list(BOX_CODES), "name": [f"Wudaokou box {i + 1}" for i in range(4)]},
                            geometry=polys, crs=buildings.crs)


def _osm_key(source: Path) -> str:
    """Cache key: the extract's bytes, the sources that turn it into layers, this construction."""
    digest = hashlib.sha256(source.read_bytes())
    for name in ("osm_layers.py", "osm.py", "estimate.py", "prepare.py"):
        digest.update((ROOT / "algorithms" / name).read_bytes())
    digest.update(str(OSM_BUILD_VERSION).encode())
    return digest.hexdigest()[:10]


def osm_instance(variant: str = "whole", cache: str | os.PathLike | None = None,
                 source: str | os.PathLike | None = None) -> Instance:
    """Build (once) the real-data instance of the shared Beijing extract and return it.

    ``prepare_osm_layers`` (``gridplanner prepare-osm``) turns the extract into buildings
    with estimated households, roads, water and compounds; ``variant`` ``whole`` plans the
    whole area as one community (no communities layer, as a planner with only OpenStreetMap
    data would), ``four`` adds :func:`four_boxes` as communities, ``smoke`` keeps only the
    buildings of the first box, planned as one community. Cached under the hash of the
    extract and of the code that prepares it, with a sidecar (``*.bench.toml``) so that
    ``python -m bench --instance`` on the cached file plans it the same way. The extract is
    only read.
    """
    if variant not in OSM_VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {', '.join(OSM_VARIANTS)}")
    source = Path(source or OSM_EXTRACT)
    if not source.is_file():
        raise FileNotFoundError(f"the shared OpenStreetMap extract is missing: {source}")
    labels = {"whole": "Beijing Wudaokou (OpenStreetMap), whole area as one community",
              "four": "Beijing Wudaokou (OpenStreetMap), 4 communities",
              "smoke": "Beijing Wudaokou (OpenStreetMap), south-west quarter (smoke)"}
    path = Path(cache or DEFAULT_CACHE) / f"osm_wudaokou_{variant}_{_osm_key(source)}.gpkg"

    def layers() -> dict:
        import shapely

        from gridplanner.algorithms.osm_layers import prepare_osm_layers

        prepared = prepare_osm_layers(source)
        out = dict(prepared.layers)
        if variant == "four":
            out["communities"] = four_boxes(out["buildings"])
        elif variant == "smoke":
            box = four_boxes(out["buildings"]).geometry.iloc[0]
            b = out["buildings"]
            inside = shapely.within(shapely.point_on_surface(b.geometry.to_numpy()), box)
            out["buildings"] = b.loc[inside].reset_index(drop=True)
        return out

    if not path.exists():
        from gridplanner.algorithms.io import write_geopackage

        path.parent.mkdir(parents=True, exist_ok=True)
        write_geopackage(path, layers(), metadata={"source": source.name, "attribution": OSM_ATTRIBUTION,
                                                   "variant": variant})
    mapping = {"buildings": "buildings", "roads": "roads",
               "communities": "communities" if variant == "four" else "",
               "water": ["water", "waterway"], "compounds": "compounds"}
    if not sidecar_path(path).exists():
        write_sidecar(path, label=labels[variant], layers=mapping, options=OSM_OPTIONS,
                      attribution=OSM_ATTRIBUTION,
                      comment=f"Built by bench/instances.py: osm_instance({variant!r}) from {source.name}.")
    return load_instance(path)
