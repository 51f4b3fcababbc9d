"""Type aliases shared by the signatures of the planning core (annotations only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import shapely
from pyproj import CRS

#: Geometries as an object array, a GeoSeries or a sequence of shapely geometries (``None``
#: where a function says it takes missing ones).
Geometries: TypeAlias = np.ndarray | Sequence[shapely.Geometry | None]
#: A coordinate reference system as pyproj takes it: a ``CRS``, ``"EPSG:4490"``, ``4490``, WKT…
CRSLike: TypeAlias = CRS | str | int
