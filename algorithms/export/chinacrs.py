"""Chinese web-map coordinate systems (GCJ-02, BD-09) and CGCS2000 zone selection.

GCJ-02 ("Mars coordinates", used by AMap and Tencent) and BD-09 (Baidu) are not datums
and PROJ does not implement them. This module implements the published forward formulas
and iterative inverses:

* WGS 84 → GCJ-02: the closed-form offset on the Krasovsky ellipsoid
  (a = 6378245.0 m, e² = 0.00669342162296594323), computed from (lon − 105°, lat − 35°);
  points outside China's rectangle are left unchanged.
* GCJ-02 → BD-09: a small published rotation and scale about the origin plus a shift
  (0.0065°, 0.006°).
* The inverses have no closed form; they are solved by fixed-point iteration until the
  forward transform of the result reproduces the input to better than 1e-9° (≈ 0.1 mm),
  far inside the required 0.5 m.

CGCS2000 and WGS 84 agree to a few centimetres, so CGCS2000 longitudes/latitudes are fed
to these formulas as WGS 84 ones.

All functions are vectorised over NumPy arrays and take (lon, lat) in degrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from pyproj import CRS

from ..errors import InputError
from ..i18n import tr

#: Krasovsky 1940 ellipsoid used by the GCJ-02 offset formula.
KRASOVSKY_A = 6378245.0
KRASOVSKY_E2 = 0.00669342162296594323
#: BD-09 rotation constant (π · 3000 / 180).
_BD_X_PI = math.pi * 3000.0 / 180.0
#: Bounding rectangle inside which GCJ-02 applies its offset (the published test).
CHINA_LON = (72.004, 137.8347)
CHINA_LAT = (0.8293, 55.8271)
#: Convergence of the iterative inverses, in degrees (≈ 0.1 mm).
_TOLERANCE = 1e-9
_MAX_ITERATIONS = 50


def in_china(lon: npt.ArrayLike, lat: npt.ArrayLike) -> np.ndarray:
    """True where the point lies in the rectangle inside which GCJ-02 offsets apply."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon >= CHINA_LON[0]) & (lon <= CHINA_LON[1]) & (lat >= CHINA_LAT[0]) & (lat <= CHINA_LAT[1])


def _gcj_offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 offset (dlon, dlat) in degrees at WGS 84 (lon, lat)."""
    x = lon - 105.0
    y = lat - 35.0
    pi = math.pi
    root = np.sqrt(np.abs(x))
    wave = (20.0 * np.sin(6.0 * pi * x) + 20.0 * np.sin(2.0 * pi * x)) * 2.0 / 3.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * root + wave
             + (20.0 * np.sin(pi * y) + 40.0 * np.sin(pi * y / 3.0)) * 2.0 / 3.0
             + (160.0 * np.sin(pi * y / 12.0) + 320.0 * np.sin(pi * y / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * root + wave
             + (20.0 * np.sin(pi * x) + 40.0 * np.sin(pi * x / 3.0)) * 2.0 / 3.0
             + (150.0 * np.sin(pi * x / 12.0) + 300.0 * np.sin(pi * x / 30.0)) * 2.0 / 3.0)
    phi = np.radians(lat)
    w = 1.0 - KRASOVSKY_E2 * np.sin(phi) ** 2
    sqrt_w = np.sqrt(w)
    # metres → degrees along the meridian (radius M) and the parallel (radius N·cos φ)
    d_lat = d_lat * 180.0 / (KRASOVSKY_A * (1.0 - KRASOVSKY_E2) / (w * sqrt_w) * pi)
    d_lon = d_lon * 180.0 / (KRASOVSKY_A / sqrt_w * np.cos(phi) * pi)
    return d_lon, d_lat


def wgs84_to_gcj02(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """WGS 84 (or CGCS2000) → GCJ-02. Points outside China are returned unchanged."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    d_lon, d_lat = _gcj_offset(lon, lat)
    inside = in_china(lon, lat)
    return np.where(inside, lon + d_lon, lon), np.where(inside, lat + d_lat, lat)


def gcj02_to_bd09(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 → BD-09 (Baidu)."""
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _BD_X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """WGS 84 (or CGCS2000) → BD-09, through GCJ-02."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(forward: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
            lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Solve forward(x) = (lon, lat) by fixed-point iteration x ← x − (forward(x) − target)."""
    t_lon = np.asarray(lon, dtype=float)
    t_lat = np.asarray(lat, dtype=float)
    f_lon, f_lat = forward(t_lon, t_lat)
    x_lon, x_lat = 2.0 * t_lon - f_lon, 2.0 * t_lat - f_lat
    for _ in range(_MAX_ITERATIONS):
        f_lon, f_lat = forward(x_lon, x_lat)
        e_lon, e_lat = f_lon - t_lon, f_lat - t_lat
        if not (np.size(e_lon) and max(np.nanmax(np.abs(e_lon)), np.nanmax(np.abs(e_lat))) > _TOLERANCE):
            break
        x_lon, x_lat = x_lon - e_lon, x_lat - e_lat
    return x_lon, x_lat


def gcj02_to_wgs84(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 → WGS 84 by iteration (error ≪ 0.5 m; typically < 1 mm)."""
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 → GCJ-02 by iteration."""
    return _invert(gcj02_to_bd09, lon, lat)


def bd09_to_wgs84(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """BD-09 → WGS 84 by iteration of the composed forward transform."""
    return _invert(wgs84_to_bd09, lon, lat)


# ------------------------------------------------------------------ CGCS2000 zones
def cgcs2000_gk3_epsg(lon: float) -> int:
    """EPSG code of the CGCS2000 3° Gauss-Krüger zone (no zone prefix, EPSG:4534–4554)
    whose central meridian is nearest to ``lon``."""
    central = int(round(float(lon) / 3.0)) * 3
    if not 75 <= central <= 135:
        raise InputError(tr("longitude {lon:.3f}° lies outside the CGCS2000 3-degree zones (central meridians "
                            "75°E–135°E); choose another CRS", lon=lon))
    return 4534 + (central - 75) // 3


#: Names accepted for the special (non-PROJ) web-map systems.
WEB_SYSTEMS = {"gcj02": "GCJ-02", "bd09": "BD-09"}


def web_system_crs(name: str) -> CRS:
    """A labelled geographic CRS for GCJ-02 or BD-09 coordinates.

    The coordinates are degrees on the WGS 84 ellipsoid with a non-geodetic offset, so the
    CRS carries the WGS 84 datum and a name that says what the numbers really are; a GIS
    that reads the file sees the label instead of a plain "WGS 84".
    """
    label = WEB_SYSTEMS[name]
    wkt = (f'GEOGCRS["{label} (Chinese web-map offset coordinates, not WGS 84)",'
           'DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,'
           'LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],'
           'CS[ellipsoidal,2],AXIS["geodetic longitude (Lon)",east,ORDER[1],'
           'ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic latitude (Lat)",north,ORDER[2],'
           'ANGLEUNIT["degree",0.0174532925199433]],'
           f'REMARK["{label}: coordinates offset by the published Chinese web-map formula"]]')
    return CRS.from_wkt(wkt)
