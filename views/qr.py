"""A payment QR code as PNG (segno): large modules and a quiet zone, so a phone's camera
reads it off a screen or off paper."""

from __future__ import annotations

import io

import segno

from views.sheets import QrSheet


def qr_png(sheet: QrSheet, scale: int = 8) -> bytes:
    # Level M: the standards' recommendation, and it still reads with a crease or a stain.
    code = segno.make(sheet.payload, error="m", micro=False, encoding="utf-8")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
