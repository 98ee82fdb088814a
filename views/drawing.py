"""The render worker's one entry: a sheet in, a PNG or a PDF out.

The drawing libraries (matplotlib, fpdf2, segno) are imported here on a sheet's first
drawing, in the worker process only: a bot nobody asks for a picture never loads them.
"""

from __future__ import annotations

import importlib

from views.sheets import DocumentSheet, QrSheet, Sheet, StatsSheet, TimelineSheet

# sheet type → (module, function), imported on first use
_DRAWERS: dict[type, tuple[str, str]] = {
    TimelineSheet: ("views.charts", "timeline_png"),
    StatsSheet: ("views.charts", "stats_png"),
    DocumentSheet: ("views.pdf", "document_pdf"),
    QrSheet: ("views.qr", "qr_png"),
}


def draw(sheet: Sheet) -> bytes:
    module, function = _DRAWERS[type(sheet)]
    drawn: bytes = getattr(importlib.import_module(module), function)(sheet)
    return drawn
