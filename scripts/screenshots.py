"""Screenshots of the Processing dialog of "Plan grids", in English and in Chinese.

Run through ``scripts/screenshots.sh`` (which sets up a headless Qt platform). Starts a
QGIS application with its GUI classes, loads the sample street's layers into the
project so that the dialog shows real inputs (pre-selected by their names), opens Processing's own algorithm dialog
(``processing.gui.AlgorithmDialog``) for ``gridplanner:plangrids`` and saves
``widget.grab()`` as PNG. For Chinese, the plugin's and QGIS's own translations are
installed first.

Usage: python scripts/screenshots.py OUTPUT.png [--locale zh_CN]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QGIS_I18N = Path("/usr/share/qgis/i18n")
QT_I18N = Path("/usr/share/qt5/translations")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output")
    parser.add_argument("--locale", default="en")
    parser.add_argument("--size", default="1180x820", help="dialog size WIDTHxHEIGHT")
    args = parser.parse_args(argv)

    from qgis.core import QgsApplication, QgsProject, QgsSettings, QgsVectorLayer
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    app = QgsApplication([], True)
    QgsSettings().setValue("locale/userLocale", args.locale)
    app.initQgis()
    translators = []
    if args.locale.startswith("zh"):
        # QGIS's own strings, and Qt's (standard buttons such as Close), as a Chinese QGIS has them
        for qm in (QGIS_I18N / "qgis_zh-Hans.qm", QT_I18N / "qtbase_zh_CN.qm"):
            translator = QTranslator()
            if qm.is_file() and translator.load(str(qm)):
                QCoreApplication.installTranslator(translator)
                translators.append(translator)
        from gridplanner.plugin import i18n

        if i18n.install_translator(args.locale) is None:
            print("the plugin's zh_CN translation could not be loaded", file=sys.stderr)
            return 1

    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing

    Processing.initialize()
    from gridplanner.plugin.provider import GridPlannerProvider

    registry = QgsApplication.processingRegistry()
    provider = GridPlannerProvider()
    registry.addProvider(provider)

    # A copy: QGIS's OGR provider opens a GeoPackage for update, and the shipped file must not change.
    import shutil
    import tempfile

    sample = Path(tempfile.mkdtemp(prefix="gridplanner-shots-")) / "demo_street.gpkg"
    shutil.copyfile(ROOT / "sample_data" / "demo_street.gpkg", sample)
    layers = []
    for name in ("buildings", "communities", "roads", "water", "waterway"):
        layer = QgsVectorLayer(f"{sample}|layername={name}", name, "ogr")
        if not layer.isValid():
            print(f"cannot open {sample} layer {name}", file=sys.stderr)
            return 1
        layers.append(layer)
    QgsProject.instance().addMapLayers(layers)

    from processing.gui.AlgorithmDialog import AlgorithmDialog

    algorithm = registry.createAlgorithmById("gridplanner:plangrids")
    # Nothing set by hand: the layers named like the inputs and the fields named like the
    # defaults are what the dialog pre-selects for a planner.
    dialog = AlgorithmDialog(algorithm)
    width, height = (int(v) for v in args.size.split("x"))
    dialog.resize(width, height)
    dialog.show()
    from qgis.PyQt.QtWidgets import QSplitter

    for splitter in dialog.findChildren(QSplitter):
        splitter.setSizes([int(width * 0.6), int(width * 0.4)])
    for _ in range(20):
        app.processEvents()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    ok = dialog.grab().save(args.output, "PNG")
    dialog.close()
    del dialog, algorithm, layers
    QgsProject.instance().clear()
    print(("saved " if ok else "FAILED to save ") + args.output)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
