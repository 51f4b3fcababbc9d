"""A plan open for editing: the plan's QGIS layers tied to a :class:`PlanEditor`.

Building moves go through the buildings layer's edit buffer (one edit command per
action), so QGIS's undo/redo, save and discard work as for any edit. The session listens
to the layer's ``attributeValueChanged`` signal, so an undo or redo updates the per-grid
sums exactly like the original edit did. The grids layer is derived from the buildings
(each grid is the union of its buildings' cells): it is rewritten through its data
provider after every change and rebuilt from the committed values when edits are
discarded.

The session is the plan GeoPackage's one owner inside QGIS (:func:`session_for`): export,
scenarios and evaluation read and write an open plan through its layers or through QGIS's
own provider, never through a second GDAL/SQLite (see :mod:`gridplanner.plugin.planfile`).
Every write is checked; a failed save is reported with QGIS's errors and the edits are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from qgis.core import Qgis, QgsFeature, QgsFeatureRequest, QgsField, QgsMessageLog, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, QVariant, pyqtSignal

from ...algorithms import PlanParameters, audit, editing, metrics, scenarios
from ...algorithms.editing import GridRow, PlanEditor, RuleBreak, barriers, building_cells
from ...algorithms.errors import GridPlannerError
from .. import convert
from ..i18n import tr
from . import store
from .tasks import attach, detach

#: Grid fields the session keeps up to date (the rest of the grids layer is left alone).
LIVE_FIELDS = ("households", "population", "workload", "n_buildings", "area_m2", "perimeter_m",
               "compactness", "parts", "barrier_crossings", "status", "locked")


#: The plan sessions open in the dock, by the resolved path of their GeoPackage.
_OPEN: dict[str, PlanSession] = {}


def _key(path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)


def session_for(path) -> PlanSession | None:
    """The dock's session of the plan at ``path``, if the dock holds it open."""
    return _OPEN.get(_key(path))


class SaveError(GridPlannerError):
    """Edits could not be saved (QGIS's errors in the message); the edit buffer is kept."""


def ensure_locked_field(path: str) -> None:
    """Add the ``locked`` field to a plan's grids (before its layers are loaded).

    Altering a GeoPackage table while other layers of the file are open makes QGIS's
    connections to it fail once ("unable to open database file"), so this runs first.
    """
    layer = QgsVectorLayer(f"{path}|layername=grids", "grids", "ogr")
    if layer.isValid() and layer.fields().lookupField("locked") < 0:
        layer.dataProvider().addAttributes([QgsField("locked", QVariant.Int)])
    del layer


class PlanSession(QObject):
    """The state of one plan GeoPackage under edit.

    Parameters
    ----------
    path
        The plan GeoPackage.
    grids, buildings
        Its ``grids`` and ``buildings`` layers (loaded in the project).
    params
        The parameters the plan was made with (band, fields, weights).
    roads, water
        Input roads (GeoDataFrame or ``None``) and water layers (list of GeoDataFrames):
        barrier checks and the engine runs of split and repair use them.
    """

    #: Emitted with the set of grid codes whose figures changed.
    refreshed = pyqtSignal(object)
    #: Emitted with a message for the user when writing the grids failed (e.g. after an undo).
    failed = pyqtSignal(str)

    def __init__(self, path: str, grids: QgsVectorLayer, buildings: QgsVectorLayer, params: PlanParameters,
                 roads: gpd.GeoDataFrame | None = None, water: list | None = None,
                 problems: QgsVectorLayer | None = None):
        super().__init__()
        self.path = str(path)
        self.grids_layer = grids
        self.buildings_layer = buildings
        #: The plan's problems layer: its rows about grids follow the edits (a point layer only).
        self.problems_layer = problems if problems is not None and problems.isValid() and int(
            problems.geometryType()) == 0 and problems.fields().lookupField("feature_id") >= 0 else None
        self.params = params
        self.roads = roads
        self.water = list(water or [])
        self.last_moved: pd.DataFrame = pd.DataFrame(columns=["building_fid", "from", "to", "households"])
        #: The hard rules the last edit broke (the dock warns with an Undo button).
        self.last_breaks: list[RuleBreak] = []
        #: The grids a split or repair changed: code → (households before, after).
        self.last_changes: dict[str, tuple[int, int]] = {}
        self._applying = False
        self._ensure_locked_field()
        self._load()
        buildings.attributeValueChanged.connect(self._on_attribute)
        buildings.afterRollBack.connect(self.reload)
        self._undo_index = buildings.undoStack().index()
        buildings.undoStack().indexChanged.connect(self._on_undo_index)
        _OPEN[_key(self.path)] = self

    # --------------------------------------------------------------- loading
    def _ensure_locked_field(self) -> None:
        if self.grids_layer.fields().lookupField("locked") < 0:
            self.grids_layer.dataProvider().addAttributes([QgsField("locked", QVariant.Int)])
            self.grids_layer.updateFields()

    def _load(self) -> None:
        frame, _ = convert.source_to_gdf(self.buildings_layer)
        self.frame = frame
        self.crs = frame.crs
        grids, _ = convert.source_to_gdf(self.grids_layer)
        self.grid_fid = {str(c): int(f) for c, f in zip(grids["grid_code"], grids.index)}
        self.code_index = self.buildings_layer.fields().lookupField("grid_code")
        if self.code_index < 0:
            raise GridPlannerError(
                tr("The buildings layer has no field “grid_code”: open a plan made by Grid Planner."))
        codes = np.array([None if _missing(c) else str(c) for c in frame["grid_code"]], dtype=object)
        points = shapely.point_on_surface(frame.geometry.to_numpy())
        geoms = {str(c): g for c, g in zip(grids["grid_code"], grids.geometry)}
        locked = grids["locked"] if "locked" in grids else pd.Series(0, index=grids.index)
        reasons = grids["reason"] if "reason" in grids else pd.Series("", index=grids.index)
        stored = grids["status"] if "status" in grids else pd.Series("", index=grids.index)
        rows = {str(r.grid_code): GridRow(code=str(r.grid_code), community=str(r.community_code),
                                          kind=str(r.grid_kind) if r.grid_kind != "locked" else "basic",
                                          locked=bool(lk == 1) or r.grid_kind == "locked",
                                          reason="" if _missing(why) else str(why),
                                          reason_status="" if _missing(st) else str(st))
                for r, lk, why, st in zip(grids.itertuples(), locked.fillna(0), reasons, stored)}
        self.community_names = dict(zip(grids["community_code"].astype(str), grids["community_name"]))
        p = self.params
        compound = (frame[p.compound_field].to_numpy(dtype=object) if p.compound_field in frame
                    else np.full(len(frame), None, dtype=object))
        population = (pd.to_numeric(frame[p.population_field], errors="coerce").to_numpy(dtype=float)
                      if p.population_field in frame else np.full(len(frame), np.nan))
        households = pd.to_numeric(frame[p.households_field], errors="coerce").fillna(0).astype(np.int64)
        population = np.where(np.isnan(population), households * p.people_per_household, population)
        hard, water_areas, road_lines = barriers(self.roads, self.water, p, self.crs)
        self.editor = PlanEditor(
            ids=frame.index.to_numpy(), codes=codes, households=households.to_numpy(), population=population,
            workload=metrics.building_workload(frame, p.households_field, p.weights.attributes),
            points=points, cells=building_cells(geoms, points, codes), compound=compound, grids=rows,
            band=p.band, hard_lines=hard,
            water_areas=water_areas, weights=p.weights, road_lines=road_lines,
            footprints=frame.geometry.to_numpy())
        self._codes_seen = self.editor.codes.copy()
        self._write_grids(set(self.editor.grids), remove_empty=False)

    def reload(self) -> None:
        """Rebuild everything from the layers (after edits were discarded)."""
        self._load()
        self.refreshed.emit(set(self.editor.grids))

    def disconnect_layers(self) -> None:
        """Stop listening to the layers (the dock closes or a new plan replaces this one)."""
        if _OPEN.get(_key(self.path)) is self:
            del _OPEN[_key(self.path)]
        try:
            signals = ((self.buildings_layer.attributeValueChanged, self._on_attribute),
                       (self.buildings_layer.afterRollBack, self.reload),
                       (self.buildings_layer.undoStack().indexChanged, self._on_undo_index))
        except RuntimeError:        # the layer is gone already (the project was closed)
            return
        for signal, slot in signals:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # ------------------------------------------------------------- syncing
    def _on_attribute(self, fid, index, value) -> None:
        if index != self.code_index or int(fid) not in self.editor.row_of:
            return
        self.editor.set_code(int(fid), None if _missing(convert._python_value(value)) else str(value))
        if not self._applying:
            try:    # a slot (undo, redo): report, never raise into Qt
                self.flush()
            except GridPlannerError as err:
                QgsMessageLog.logMessage(str(err), "Grid Planner", Qgis.Critical)
                self.failed.emit(str(err))

    def flush(self) -> set[str]:
        """Re-measure the grids the edits touched, write them to the grids layer, notify."""
        changed = self.editor.refresh()
        if changed:
            self._write_grids(changed)
            self.refreshed.emit(changed)
        return changed

    def _write_grids(self, codes, remove_empty: bool = True) -> None:
        provider = self.grids_layer.dataProvider()
        fields = self.grids_layer.fields()
        index = {name: fields.lookupField(name) for name in LIVE_FIELDS + ("grid_code", "community_code",
                                                                           "community_name", "seq", "grid_kind",
                                                                           "reason")}
        attrs, geoms, new, gone = {}, {}, [], []
        for code in sorted(codes):
            row = self.editor.grids[code]
            values = {"households": row.households, "population": round(row.population),
                      "workload": round(self.editor.workload_of(code), 2), "n_buildings": row.n_buildings,
                      "area_m2": round(row.area_m2, 1), "perimeter_m": round(row.perimeter_m, 1),
                      "compactness": round(row.compactness, 4), "parts": row.parts,
                      "barrier_crossings": row.barrier_crossings, "status": row.status, "locked": int(row.locked),
                      }
            # the engine's reason while the status it explained holds, else the status in figures
            values["reason"] = self.editor.reason_of(code)
            if row.n_buildings == 0 and remove_empty:   # emptied (a merge, an undone split): no ghost grid
                if code in self.grid_fid:
                    gone.append(code)
                continue
            geometry = convert.to_qgs_geometry(row.geometry, self.grids_layer.wkbType())
            if code not in self.grid_fid:
                feature = QgsFeature(fields)
                values.update({"grid_code": code, "community_code": row.community,
                               "community_name": self.community_names.get(row.community),
                               "grid_kind": row.kind, "seq": _seq(code, row.community)})
                for name, value in values.items():
                    if index.get(name, -1) >= 0:
                        feature.setAttribute(index[name], value)
                feature.setGeometry(geometry)
                new.append((code, feature))
                continue
            fid = self.grid_fid[code]
            attrs[fid] = {index[k]: v for k, v in values.items() if index.get(k, -1) >= 0}
            geoms[fid] = geometry
        provider.clearErrors()
        if attrs and not (provider.changeAttributeValues(attrs) and provider.changeGeometryValues(geoms)):
            raise GridPlannerError(tr("Could not write the grids to {path}: {errors}").format(
                path=self.path, errors=_errors(provider.errors())))
        if gone:
            if not provider.deleteFeatures([self.grid_fid[c] for c in gone]):
                raise GridPlannerError(tr("Could not remove the empty grids {codes} from {path}: {errors}").format(
                    codes=", ".join(gone), path=self.path, errors=_errors(provider.errors())))
            for code in gone:
                del self.grid_fid[code]
        if new:
            ok, added = provider.addFeatures([f for _, f in new])
            if not ok:
                raise GridPlannerError(tr("Could not add grids to {path}: {errors}").format(
                    path=self.path, errors=_errors(provider.errors())))
            for (code, _), feature in zip(new, added):
                self.grid_fid[code] = int(feature.id())
        self.grids_layer.updateExtents()
        self.grids_layer.triggerRepaint()
        self._write_problems(codes)

    def _write_problems(self, codes) -> None:
        """The problems layer's rows about grids ``codes`` as they are now: a point inside each grid
        that is not in the band or breaks a rule, with the reason of its status (as the engine
        writes them: dedicated and locked grids as information)."""
        layer = self.problems_layer
        if layer is None or not codes:
            return
        provider = layer.dataProvider()
        fields = layer.fields()
        quoted = ",".join("'" + str(c).replace("'", "''") + "'" for c in sorted(codes))
        request = QgsFeatureRequest().setFilterExpression(f"\"layer\" = 'grids' AND \"feature_id\" IN ({quoted})")
        request.setFlags(QgsFeatureRequest.NoGeometry)
        old = [f.id() for f in provider.getFeatures(request)]
        new = []
        for code in sorted(codes):
            row = self.editor.grids.get(code)
            if row is None or not row.n_buildings or row.status in ("ok", "empty") or row.geometry is None:
                continue
            feature = QgsFeature(fields)
            values = {"layer": "grids", "feature_id": code, "kind": row.status,
                      "severity": "info" if row.status in ("dedicated", "locked") else "warning",
                      "message": self.editor.reason_of(code)}
            for name, value in values.items():
                if fields.lookupField(name) >= 0:
                    feature.setAttribute(fields.lookupField(name), value)
            feature.setGeometry(convert.to_qgs_geometry(shapely.point_on_surface(row.geometry), layer.wkbType()))
            new.append(feature)
        provider.clearErrors()
        if (old and not provider.deleteFeatures(old)) or (new and not provider.addFeatures(new)[0]):
            raise GridPlannerError(tr("Could not write the problems to {path}: {errors}").format(
                path=self.path, errors=_errors(provider.errors())))
        layer.updateExtents()
        layer.triggerRepaint()

    # --------------------------------------------------------------- edits
    def _apply(self, label: str, changes: dict[int, str | None]) -> int:
        """Set ``grid_code`` of buildings in one undoable edit command; returns how many changed."""
        layer = self.buildings_layer
        if not layer.isEditable() and not layer.startEditing():
            raise GridPlannerError(tr("The layer “{layer}” cannot be edited.").format(layer=layer.name()))
        changes = {int(f): c for f, c in changes.items() if self.editor.codes[self.editor.row_of[int(f)]] != c}
        if not changes:
            return 0
        self._applying = True
        layer.beginEditCommand(label)
        try:
            for fid, code in sorted(changes.items()):
                if not layer.changeAttributeValue(fid, self.code_index, code):
                    raise GridPlannerError(tr("Could not change building {fid}.").format(fid=fid))
        except Exception:
            layer.destroyEditCommand()
            self._applying = False
            self.reload()
            raise
        layer.endEditCommand()
        self._applying = False
        self.flush()
        return len(changes)

    def move(self, fids, code: str, whole_compound: bool = False, override: bool = False) -> int:
        """Move buildings (by feature id) to grid ``code``; optionally their whole compounds.

        Refuses (:class:`~gridplanner.algorithms.editing.LockedGridError`, nothing changed) to
        take buildings out of or into a locked grid unless ``override`` (the planner confirmed:
        recorded as an override in the audit log). The rules the move broke are kept in
        :attr:`last_breaks`.
        """
        if code not in self.editor.grids:
            raise GridPlannerError(tr("There is no grid {code}.").format(code=code))
        rows = [self.editor.row_of[int(f)] for f in fids if int(f) in self.editor.row_of]
        if not rows:
            raise GridPlannerError(tr("Select the buildings to move in the layer “{layer}”.").format(
                layer=self.buildings_layer.name()))
        if whole_compound:
            rows = self.editor.compound_rows(rows)
        locked = self.editor.locked_grids_touched(rows, code)
        if not override:
            self.editor.check_unlocked(rows, code)
        fids = [int(self.editor.ids[r]) for r in rows]
        note = tr("lock of grid {codes} overridden").format(codes=", ".join(locked)) if locked else ""
        return self._edit(tr("Move {n} buildings to grid {code}").format(n=len(fids), code=code),
                          {f: code for f in fids}, "override" if locked else "move", note)

    def merge(self, keep: str, other: str, override: bool = False) -> int:
        """Merge grid ``other`` into grid ``keep`` (one undoable edit); locked grids as :meth:`move`."""
        if keep == other:
            raise GridPlannerError(tr("Choose two different grids to merge."))
        rows = self.editor.members(other)
        locked = self.editor.locked_grids_touched(rows, keep)
        if not override:
            self.editor.check_unlocked(rows, keep)
        fids = [int(self.editor.ids[r]) for r in rows]
        note = tr("lock of grid {codes} overridden").format(codes=", ".join(locked)) if locked else ""
        return self._edit(tr("Merge grid {other} into {keep}").format(other=other, keep=keep),
                          {f: keep for f in fids}, "override" if locked else "merge", note)

    def _edit(self, label: str, changes: dict[int, str | None], action: str, note: str = "") -> int:
        """A hand edit: applied in one edit command, its broken rules kept, logged."""
        codes = {c for c in changes.values() if c is not None}
        rows = [self.editor.row_of[int(f)] for f in changes]
        codes |= {str(c) for c in self.editor.codes[rows] if c is not None}
        before = self.editor.snapshot(codes, rows)
        n = self._apply(label, changes)
        self.last_breaks = self.editor.rule_breaks(before)
        self._log(action, note)
        return n

    def set_locked(self, code: str, locked: bool) -> None:
        """Lock or unlock a grid (repair never changes a locked grid); logged."""
        self.editor.set_locked(code, locked)
        self._write_grids({code})
        row = self.editor.grids[code]
        self._record([audit.grid_entry("lock" if locked else "unlock", code, row.community)])
        self.refreshed.emit({code})

    # ---------------------------------------------------------- audit log
    def _moved_since_log(self) -> pd.DataFrame:
        """The buildings whose grid changed since the last logged action."""
        old, new = self._codes_seen, self.editor.codes
        changed = np.flatnonzero([a != b for a, b in zip(old, new)])
        return pd.DataFrame({"building_fid": self.editor.ids[changed], "from": old[changed], "to": new[changed],
                             "households": self.editor.households[changed]})

    def _log(self, action: str, note: str = "") -> None:
        """Log the buildings moved since the last logged action as ``action``."""
        moved = self._moved_since_log()
        self._codes_seen = self.editor.codes.copy()
        community_of = {c: r.community for c, r in self.editor.grids.items()}
        compounds = dict(zip(self.editor.ids.tolist(), self.editor.compound.tolist()))
        self._record(audit.edit_entries(action, moved, community_of, compounds=compounds, note=note))

    def _record(self, entries: list) -> None:
        if not entries:
            return
        try:
            store.append_audit(self.path, audit.audit_frame(entries), self.grids_layer.crs())
        except GridPlannerError as err:     # the edit itself stands; the planner is told
            QgsMessageLog.logMessage(str(err), "Grid Planner", Qgis.Critical)
            self.failed.emit(str(err))

    def _on_undo_index(self, index: int) -> None:
        """An undo or redo of the buildings' edits (the dock's buttons or QGIS's): logged."""
        previous, self._undo_index = self._undo_index, int(index)
        if self._applying:
            return
        self._log("undo" if index < previous else "redo")

    def site_names(self) -> dict[str, str]:
        """The site of each dedicated grid (its buildings' dedicated-site value), by grid code."""
        field_name = self.params.dedicated_field
        if not field_name or field_name not in self.frame:
            return {}
        out: dict[str, str] = {}
        for code, site in zip(self.editor.codes, self.frame[field_name]):
            if code is not None and not _missing(site) and str(site) and self.editor.grids[code].kind == "dedicated":
                out.setdefault(str(code), str(site))
        return out

    def audit_log(self) -> pd.DataFrame:
        """The plan's audit log, read from its GeoPackage through QGIS."""
        return store.read_audit(self.path)

    # ---------------------------------------------------- engine-backed edits
    def _work(self, job: editing.EngineJob) -> Callable:
        """A function for :class:`EngineTask` that runs ``job``; only plain values cross threads."""
        inputs = [detach(f) for f in (job.buildings, job.area, self.roads)] + [[detach(w) for w in self.water]]
        params, outcome = job.params, {"kind": job.kind, "target": job.target, "community": job.community,
                                       "fids": job.fids}

        def work(is_cancelled, progress):
            buildings, area, roads, water = inputs
            grids = editing.run_engine(attach(buildings), attach(area), params, roads=attach(roads),
                                       water=[attach(w) for w in water] or None, progress=progress,
                                       is_cancelled=is_cancelled)
            return {**outcome, "grids": grids}

        return work

    def split_work(self, code: str) -> Callable:
        """A function for :class:`EngineTask` that splits grid ``code`` in two with the engine."""
        row = self.editor.grids.get(code)
        if row is None or row.n_buildings < 2 or row.geometry is None:
            raise GridPlannerError(
                tr("Grid {code} has fewer than two buildings: it cannot be split.").format(code=code))
        return self._work(editing.split_job(self.editor, self.frame, code, self.params))

    def repair_work(self, community: str) -> Callable:
        """A function for :class:`EngineTask` that re-plans ``community`` keeping locked grids."""
        if not any(c is not None and self.editor.grids[c].community == community for c in self.editor.codes):
            raise GridPlannerError(tr("Community {code} has no buildings in this plan.").format(code=community))
        return self._work(editing.repair_job(self.editor, self.frame, community, self.params,
                                             self.community_names.get(community)))

    def apply_engine(self, outcome: dict) -> pd.DataFrame:
        """Apply what a split or repair task returned; returns the buildings that moved."""
        community = outcome["community"]
        new = editing.assign_codes(self.editor, outcome["fids"], community, outcome["grids"],
                                   self.params.sequence_width)
        if outcome["kind"] == "split":
            label = tr("Split grid {code}").format(code=outcome["target"])
        else:
            label = tr("Repair community {code}").format(code=community)
        for code in new.added:
            self.editor.grids[code] = GridRow(code=code, community=community)
        moved = new.moved()
        touched = sorted(set(new.polygons) | {str(c) for c in new.old if c is not None})
        before = {c: self.editor.grids[c].households for c in touched}
        self._applying = True
        try:
            self._apply(label, {int(f): t for f, t in zip(new.fids, new.codes)})
        finally:
            self._applying = False
        self.editor.recut_cells(new.polygons)
        self.editor.set_reasons(new.reasons)
        self.editor.dirty |= set(new.reasons)
        self.flush()
        self.last_moved = moved
        self.last_breaks = []
        self.last_changes = {c: (before.get(c, 0), self.editor.grids[c].households) for c in touched
                             if before.get(c, 0) != self.editor.grids[c].households}
        self._log(outcome["kind"])
        return moved

    # ---------------------------------------------------------------- save
    def pending_edits(self) -> bool:
        """Whether the buildings layer holds edits not yet saved in the GeoPackage."""
        layer = self.buildings_layer
        return bool(layer.isEditable() and layer.isModified())

    def save(self) -> None:
        """Save the buildings' edits, then check the GeoPackage holds the plan the dock shows.

        Raises :class:`SaveError` with QGIS's errors when the commit fails (the edits stay
        in the edit buffer) or when the file does not hold what was saved.
        """
        layer = self.buildings_layer
        if layer.isEditable():
            if not layer.commitChanges(False):      # keep editing: the buffer stays on failure
                raise SaveError(tr(
                    "The edits were NOT saved in {path}; they are kept in the layer “{layer}” (save again, "
                    "or undo). QGIS reports: {errors}").format(
                    path=self.path, layer=layer.name(), errors=_errors(layer.commitErrors())))
            layer.commitChanges()                   # leave edit mode (nothing left to write)
        problems = self.check_saved()
        if problems:
            raise SaveError(tr("The edits were NOT saved completely: {path} differs from the plan in the dock "
                               "({problems}).").format(
                path=self.path, problems="; ".join(problems[:5])))

    def check_saved(self) -> list[str]:
        """Compare the GeoPackage (read through QGIS's provider) with the plan in the dock.

        Grids whose figures on disk differ are written again first; what still differs is
        returned (an empty list: the file holds the plan).
        """
        stored = self._stored_codes()
        wrong = [fid for fid, row in self.editor.row_of.items()
                 if fid not in stored or stored[fid] != self.editor.codes[row]]
        problems = [tr("building {fid} is not in the file").format(fid=fid) if fid not in stored else
                    tr("building {fid} has grid {found} in the file, {expected} in the dock").format(
                        fid=fid, found=stored[fid], expected=self.editor.codes[self.editor.row_of[fid]])
                    for fid in wrong[:3]]
        if len(wrong) > 3:
            problems.append(tr("{n} buildings in all").format(n=len(wrong)))
        stale = self._stale_grids()
        if stale:
            self._write_grids(stale)
            stale = self._stale_grids()
        problems += [tr("grid {code} has {found} households in the file, {expected} in the dock").format(
            code=code, found=found, expected=self.editor.grids[code].households) for code, found in stale.items()]
        return problems

    def _stored_codes(self) -> dict[int, str | None]:
        provider = self.buildings_layer.dataProvider()
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        request.setSubsetOfAttributes([self.code_index])
        out = {}
        for feature in provider.getFeatures(request):
            value = convert._python_value(feature.attribute(self.code_index))
            out[int(feature.id())] = None if _missing(value) else str(value)
        return out

    def _stale_grids(self) -> dict[str, object]:
        """Grids whose households on disk differ from the dock's (code → households on disk)."""
        provider = self.grids_layer.dataProvider()
        fields = self.grids_layer.fields()
        code_i, hh_i = fields.lookupField("grid_code"), fields.lookupField("households")
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        on_disk = {}
        for feature in provider.getFeatures(request):
            on_disk[str(feature.attribute(code_i))] = convert._python_value(feature.attribute(hh_i))
        return {code: on_disk.get(code) for code, row in self.editor.grids.items()
                if (code in self.grid_fid or row.n_buildings) and on_disk.get(code) != row.households}

    # ----------------------------------------------------------- scenarios
    def save_scenario(self, name: str, community: str) -> None:
        """Keep the current plan of ``community`` as scenario ``name`` in the GeoPackage."""
        table = self.editor.table(community)
        geoms = [self.editor.grids[c].geometry for c in table["grid_code"]]
        grids = gpd.GeoDataFrame(table.drop(columns=["community_code"]), geometry=geoms, crs=self.crs)
        rows = [n for n, c in enumerate(self.editor.codes)
                if c is not None and self.editor.grids[c].community == community]
        assignment = pd.DataFrame({"building_fid": self.editor.ids[rows], "grid_code": self.editor.codes[rows]})
        store.save(self.path, name, community, grids, assignment, self.grids_layer.crs())

    def scenario_summaries(self, community: str) -> dict:
        """:func:`scenarios.measure` of every saved scenario of ``community`` (read from the GeoPackage)."""
        index = pd.Index(self.editor.ids)
        compound = pd.Series(self.editor.compound, index=index)
        households = pd.Series(self.editor.households, index=index)
        out = {}
        for name in store.names(self.path, community):
            grids, assignment = store.load(self.path, name, community)
            out[name] = scenarios.measure(grids, assignment, compound, households, self.params.band)
        return out

    def compare(self, community: str, saved: dict | None = None, current: dict | None = None) -> pd.DataFrame:
        """The comparison table of ``community``: the current plan, then every saved scenario."""
        summaries = {"(current)": current if current is not None else self.editor.summary(community)}
        summaries.update(saved if saved is not None else self.scenario_summaries(community))
        return scenarios.compare(summaries)

    def use_scenario(self, name: str, community: str) -> int:
        """Make scenario ``name`` the plan of ``community`` (undoable) and mark it final."""
        grids, assignment = store.load(self.path, name, community)
        for code in grids["grid_code"]:
            if code not in self.editor.grids:
                self.editor.grids[code] = GridRow(code=code, community=community)
        changed = self._apply(tr("Use scenario {name}").format(name=name),
                              dict(zip(assignment["building_fid"].astype(int), assignment["grid_code"])))
        self.editor.recut_cells(dict(zip(grids["grid_code"], grids.geometry)))
        self.flush()
        store.set_final(self.path, name, community)
        self._log("scenario", name)
        return changed


def _errors(errors) -> str:
    text = "; ".join(str(e) for e in list(errors)[-5:])
    return text or tr("no reason given")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _seq(code: str, community: str) -> int | None:
    tail = str(code)[len(community):]
    return int(tail) if tail.isdigit() else None
