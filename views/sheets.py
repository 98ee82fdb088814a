"""What a picture or a PDF shows, worked out in the bot and drawn in the render worker.

A sheet holds every word already in the reader's language and every date already placed:
the worker (views/render_worker.py) draws it without translations, the database or the
event loop, and two equal sheets draw the same file, so a sheet's `digest` is the key a
sent file's Telegram id is kept under.
"""

from __future__ import annotations

import enum
import hashlib
import pickle
from dataclasses import dataclass
from datetime import date


class BarState(enum.Enum):
    """A stage's bar on the timeline: each state its own colour and legend entry."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    APPROVAL = "approval"  # a version with the client for sign-off
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class StageBar:
    title: str
    start: date
    end: date  # the deadline
    state: BarState
    progress: int  # percent done, drawn as the filled part of an in-progress bar
    moved: str | None = None  # "moved from 3 Oct: the client's texts came late"


@dataclass(frozen=True)
class Tick:
    day: date
    label: str


@dataclass(frozen=True)
class TimelineSheet:
    title: str
    subtitle: str  # the company and the project's dates
    bars: tuple[StageBar, ...]
    today: date
    today_label: str
    legend: tuple[tuple[BarState, str], ...]
    ticks: tuple[Tick, ...]
    empty_label: str  # a project without stages


@dataclass(frozen=True)
class ManagerLoad:
    name: str
    open_projects: int
    overdue_stages: int
    overdue_amount: float  # in `StatsSheet.currency`, major units


@dataclass(frozen=True)
class WeekSums:
    label: str
    issued: float
    paid: float


@dataclass(frozen=True)
class StatsLabels:
    team: str
    open: str
    overdue_stages: str
    overdue_amount: str
    weeks: str
    issued: str
    paid: str


@dataclass(frozen=True)
class StatsSheet:
    """The head's /stats: the team's load and 12 weeks of money."""

    title: str
    subtitle: str
    managers: tuple[ManagerLoad, ...]
    weeks: tuple[WeekSums, ...]
    currency: str
    labels: StatsLabels


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # parts of the text width, adding up to 1
    right_aligned: frozenset[int] = frozenset()  # columns of sums


@dataclass(frozen=True)
class Section:
    """A titled table with its own totals and notes: a reconciliation's currency."""

    caption: str
    table: Table
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaymentCode:
    payload: str  # what a bank app reads (services/payment_qr)
    caption: str


@dataclass(frozen=True)
class BankBlock:
    """The payee's bank details as the standard Russian invoice opens with them: a grid of
    the bank, its BIC and correspondent account, the payee's INN, KPP, name and account.
    Each cell is (label, value)."""

    bank: tuple[str, str]
    bic: tuple[str, str]
    correspondent: tuple[str, str]
    inn: tuple[str, str]
    kpp: tuple[str, str]
    payee: tuple[str, str]
    account: tuple[str, str]


@dataclass(frozen=True)
class Signer:
    role: str  # "Руководитель", "Исполнитель"
    name: str  # printed under the line; '' leaves it for a hand
    # PNGs (paths the settings checked at start) placed over the line: a signature, a stamp
    signature: str | None = None
    stamp: str | None = None


@dataclass(frozen=True)
class DocumentSheet:
    """A printable document: an invoice, a brief, an act of completed work."""

    title: str  # the PDF's own title, and its heading
    supplier: str  # the agency's name, at the top of the first page (none: no header)…
    requisites: str  # …and its requisites, under it on the first page
    facts: tuple[tuple[str, str], ...]  # label and value: customer, dates, answers
    table: Table | None = None
    totals: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    payment: PaymentCode | None = None
    signers: tuple[Signer, ...] = ()  # who signs: the head and the accountant, both sides
    signature_hint: str = ""  # under each signature line
    bank: BankBlock | None = None  # above the title, as the standard invoice has it
    words: str = ""  # the total in words, bold, under the totals
    sections: tuple[Section, ...] = ()  # after the table: more tables, each titled
    page_label: str = "{page} / {pages}"  # with the page and the count filled in


@dataclass(frozen=True)
class QrSheet:
    payload: str


Sheet = TimelineSheet | StatsSheet | DocumentSheet | QrSheet


class FileKind(enum.Enum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class Drawing:
    """One file to send: what it shows, and where its Telegram id is kept (views/drawn.py)."""

    sheet: Sheet
    kind: FileKind
    filename: str
    subject: str  # 'timeline:42'
    variant: str  # the reader's language; '' for what reads the same in any


def digest(sheet: Sheet) -> str:
    """Equal sheets draw equal files: the key a file sent once is sent again under."""
    return hashlib.sha256(pickle.dumps(sheet, protocol=5)).hexdigest()[:32]
