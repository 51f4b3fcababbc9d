"""Exception types of the planning core. Messages are meant to be shown to a planner as is."""


class GridPlannerError(Exception):
    """Base class of every error the planner reports to its user."""


class InputError(GridPlannerError):
    """An input layer, field or feature is unusable. The message names it and says what to do.

    ``file`` names a settings file (weights, profile) that is not a layer; ``source`` names
    anything else as is (``"profile cn"``).
    """

    def __init__(self, message: str, *, layer: str | None = None, field: str | None = None,
                 feature_id: object = None, file: str | None = None, source: str | None = None) -> None:
        from .i18n import is_chinese, tr

        parts = [source] if source else []
        if file:
            parts.append(tr("file '{file}'", file=file))
        if layer:
            parts.append(tr("layer '{layer}'", layer=layer))
        if field:
            parts.append(tr("field '{field}'", field=field))
        if feature_id is not None:
            parts.append(tr("feature {id}", id=feature_id))
        comma, colon = ("，", "：") if is_chinese() else (", ", ": ")
        prefix = (comma.join(parts) + colon) if parts else ""
        super().__init__(prefix + message)
        self.message = message          # without the prefix naming the layer: to name another one
        self.layer = layer
        self.field = field
        self.feature_id = feature_id
        self.file = file


class OutputExistsError(GridPlannerError):
    """The output path exists and overwriting was not asked for."""


class OutputError(GridPlannerError):
    """An output cannot be written (folder not writable, disk full, another run writing it, an
    output that is also an input…). The message names the target; nothing was written."""


class PlanCancelled(GridPlannerError):
    """The caller asked the planner to stop (e.g. the Cancel button in QGIS)."""
