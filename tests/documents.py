"""Reading back what the bot drew: a PDF's text (pypdf), a QR code's payload (zxing-cpp)."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text; no-break spaces (in sums: «600 000,00 ₽») read as spaces."""
    assert content.startswith(b"%PDF-"), content[:20]
    pages = PdfReader(io.BytesIO(content)).pages
    return [page.extract_text().replace("\xa0", " ") for page in pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def pdf_images(content: bytes) -> list[Image.Image]:
    return [image.image for page in PdfReader(io.BytesIO(content)).pages for image in page.images]


def qr_payloads(image: Image.Image | bytes) -> list[str]:
    """Every QR code in the picture, decoded as a bank app's camera would."""
    if isinstance(image, bytes):
        image = Image.open(io.BytesIO(image))
    return [
        found.text
        for found in zxingcpp.read_barcodes(image.convert("L"))
        if found.format == zxingcpp.BarcodeFormat.QRCode
    ]
