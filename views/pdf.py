"""Printable documents (an invoice, a brief, an act of completed work) as PDF with fpdf2.

Imported in the render worker only (views/drawing.py). The font is DejaVu Sans from
matplotlib's own package data: it has Cyrillic, and it needs no system package.
"""

from __future__ import annotations

import atexit
import importlib.util
import io
import logging
import shutil
import tempfile
from functools import cache
from pathlib import Path

from fontTools import subset
from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from views.qr import qr_png
from views.sheets import BankBlock, DocumentSheet, QrSheet, Section, Signer, Table

FONT = "DejaVu"
INK = (31, 36, 48)
MUTED = (92, 99, 112)
RULE = (201, 206, 214)
SHADE = (243, 245, 248)
QR_MM = 36

# fontTools reports each table it cannot cut down (DejaVu's FFTM timestamp): dropped, as meant.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


# The scripts our clients write in, and the signs documents use: Latin with its European
# extensions, Greek, Cyrillic (Kazakh and Uzbek included), Armenian, Georgian,
# punctuation, currency signs (₽ €), №, arrows, maths, shapes, symbols and dingbats.
SCRIPTS = (
    (0x0020, 0x024F), (0x0370, 0x058F), (0x10A0, 0x10FF), (0x1E00, 0x1EFF),
    (0x2000, 0x206F), (0x20A0, 0x20C0), (0x2100, 0x22FF), (0x25A0, 0x27BF),
)  # fmt: skip
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@cache
def font_dir() -> Path:
    # Found without importing matplotlib: a PDF alone does not pay for its import.
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


@cache
def fonts() -> dict[str, str]:
    """DejaVu cut down to SCRIPTS, once per worker process: fpdf2 parses the font for every
    document, and the whole font (6,000 glyphs) took half of a PDF's time."""
    folder = Path(tempfile.mkdtemp(prefix="am-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    options = subset.Options()
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    unicodes = [code for first, last in SCRIPTS for code in range(first, last + 1)]
    made = {}
    for style, name in FACES.items():
        font = subset.load_font(str(font_dir() / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(folder / name), options)
        made[style] = str(folder / name)
    return made


class _Document(FPDF):
    def __init__(self, sheet: DocumentSheet) -> None:
        super().__init__(format="A4")
        self.sheet = sheet
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=20)
        for style, path in fonts().items():
            self.add_font(FONT, style, path)
        self.set_title(sheet.title)
        self.set_creator("AM Assistant")
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        # {nb}: fpdf2 puts the page count there once the last page is known
        label = self.sheet.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 6, label, align=Align.R)
        self.set_text_color(*INK)


def document_pdf(sheet: DocumentSheet) -> bytes:
    pdf = _Document(sheet)
    pdf.add_page()
    width = pdf.epw

    if sheet.supplier:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(
            width, 5.5, sheet.supplier, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        if sheet.requisites:
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(
                width, 4.3, sheet.requisites, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            pdf.set_text_color(*INK)
        pdf.ln(3)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(6)

    if sheet.bank is not None:
        _bank_block(pdf, sheet.bank)

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 7.5, sheet.title, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if sheet.bank is not None:  # the standard form rules its title off
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
        pdf.set_line_width(0.2)
    pdf.ln(4)

    if sheet.facts:
        pdf.set_font(FONT, "", 10)
        with pdf.table(
            col_widths=(0.34, 0.66),
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            line_height=5.2,
            padding=1.6,
            text_align=(Align.L, Align.L),
        ) as facts:
            for label, value in sheet.facts:
                row = facts.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value or "—")
        pdf.ln(5)

    if sheet.table is not None:
        _table(pdf, sheet.table)

    for section in sheet.sections:
        _section(pdf, section)

    for label, value in sheet.totals:
        pdf.set_font(FONT, "", 10.5)
        pdf.cell(width - 45, 6.5, label, align=Align.R)
        pdf.set_font(FONT, "B", 10.5)
        pdf.cell(45, 6.5, value, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    if sheet.notes:
        pdf.ln(3)
        pdf.set_font(FONT, "", 9.5)
        for note in sheet.notes:
            pdf.multi_cell(width, 5, note, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)

    if sheet.words:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(width, 5.2, sheet.words, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)

    # who signs right under the sums, as the standard form has it; the code after them
    if sheet.signers:
        _signatures(pdf, sheet.signers, sheet.signature_hint)

    if sheet.payment is not None:
        _payment(pdf, sheet)

    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def _table(pdf: _Document, table: Table) -> None:
    aligns = tuple(
        Align.R if column in table.right_aligned else Align.L for column in range(len(table.header))
    )
    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=table.widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=SHADE),
        line_height=5.2,
        padding=1.6,
        text_align=aligns,
    ) as grid:
        grid.row(table.header)
        for values in table.rows:
            grid.row(values)
    pdf.ln(3)


def _section(pdf: _Document, section: Section) -> None:
    if pdf.get_y() + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(pdf.epw, 6, section.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    _table(pdf, section.table)
    pdf.set_font(FONT, "", 9.5)
    for note in section.notes:
        pdf.multi_cell(pdf.epw, 5, note, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    pdf.ln(3)


def _payment(pdf: _Document, sheet: DocumentSheet) -> None:
    assert sheet.payment is not None
    if pdf.get_y() + QR_MM + 8 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(5)
    top = pdf.get_y()
    png = qr_png(QrSheet(sheet.payment.payload), scale=6)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, y=top, w=QR_MM, h=QR_MM)
    pdf.set_xy(pdf.l_margin + QR_MM + 5, top + 4)
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(pdf.epw - QR_MM - 5, 5, sheet.payment.caption, align=Align.L, new_x=XPos.LMARGIN)
    pdf.set_y(top + QR_MM + 3)


def _signatures(pdf: _Document, signers: tuple[Signer, ...], hint: str) -> None:
    """A line per signer, side by side: the role above it, the name printed at its end, the
    hint under it; a signature's PNG over the line, a stamp's beside it."""
    if pdf.get_y() + 36 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(8)
    column = pdf.epw / len(signers)
    top = pdf.get_y()
    for index, signer in enumerate(signers):
        x = pdf.l_margin + index * column
        line_y = top + 16
        pdf.set_font(FONT, "B", 10)
        pdf.set_xy(x, top)
        pdf.cell(column - 8, 6, signer.role, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_draw_color(*INK)
        pdf.line(x, line_y, x + column - 12, line_y)
        if signer.name:
            pdf.set_font(FONT, "", 9.5)
            pdf.set_xy(x, line_y - 5.5)
            pdf.cell(column - 12, 5, f"/ {signer.name} /", align=Align.R)
        if signer.signature:
            pdf.image(signer.signature, x=x + 4, y=line_y - 13, h=16, keep_aspect_ratio=True)
        if signer.stamp:
            pdf.image(signer.stamp, x=x + 18, y=line_y - 20, h=36, keep_aspect_ratio=True)
        pdf.set_xy(x, line_y + 1)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(column - 12, 4, hint, align=Align.C)
        pdf.set_text_color(*INK)
    pdf.set_y(top + 26)


def _bank_block(pdf: _Document, bank: BankBlock) -> None:
    """The standard invoice's grid: the bank with its BIC and correspondent account on
    top, the payee's INN, KPP, name and account below."""
    x0, y0 = pdf.l_margin, pdf.get_y()
    left, middle = 100.0, 18.0
    right = pdf.epw - left - middle
    pdf.set_draw_color(*INK)

    def box(x: float, y: float, w: float, h: float, value: str, label: str = "") -> None:
        pdf.rect(x, y, w, h)
        pdf.set_xy(x + 1.2, y + 0.8)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(w - 2.4, 4.2, value, align=Align.L)
        if label:
            pdf.set_xy(x + 1.2, y + h - 4.6)
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(*MUTED)
            pdf.cell(w - 2.4, 4, label)
            pdf.set_text_color(*INK)

    top_h, bottom_h = 15.0, 17.0
    box(x0, y0, left, top_h, bank.bank[1], bank.bank[0])
    box(x0 + left, y0, middle, 7, bank.bic[0])
    box(x0 + left + middle, y0, right, 7, bank.bic[1])
    box(x0 + left, y0 + 7, middle, top_h - 7, bank.correspondent[0])
    box(x0 + left + middle, y0 + 7, right, top_h - 7, bank.correspondent[1])
    y1 = y0 + top_h
    box(x0, y1, left / 2, 6, f"{bank.inn[0]} {bank.inn[1]}".strip())
    box(x0 + left / 2, y1, left / 2, 6, f"{bank.kpp[0]} {bank.kpp[1]}".strip())
    box(x0, y1 + 6, left, bottom_h - 6, bank.payee[1], bank.payee[0])
    box(x0 + left, y1, middle, bottom_h, bank.account[0])
    box(x0 + left + middle, y1, right, bottom_h, bank.account[1])
    pdf.set_xy(x0, y1 + bottom_h + 6)
