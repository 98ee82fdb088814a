"""Settings: the only place that reads the environment (and `.env`)."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.billing.agency import Agency
from services.billing.payment_qr import BankDetails
from services.billing.tax import DEFAULT_VAT_BASIS, RateChoice, TaxPolicy, parse_rate_choice
from services.db import Database, open_database
from services.delivery.pacing import GROUP_INTERVAL
from services.platform.clock import Clock
from services.platform.errors import InvalidInput
from services.platform.parsing import parse_money
from services.platform.quiet_hours import QuietHours
from services.platform.workdays import supported_countries
from services.questionnaires.form_templates import (
    INVOICE_TEMPLATE,
    PROPOSAL_TEMPLATE,
    TEMPLATES_DIR,
)

_TOKEN_SHAPE = re.compile(r"^\d{5,20}:[A-Za-z0-9_-]{30,60}$")
_WEBHOOK_URL = re.compile(r"^https://[^/\s]+/\S*$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LISTEN = re.compile(r"^[^:\s]*:\d{1,5}$")
# The README's and .env.example's placeholders are in angle brackets, which no token or id
# contains: a value copied verbatim is named as the placeholder it is, not as a bad token.
_PLACEHOLDER = re.compile(r"^\s*<.*>\s*$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    bot_token: SecretStr
    head_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    database_path: Path = Path("data/am_assistant.sqlite3")
    # postgresql://user:password@host:port/database: PostgreSQL instead of the SQLite file,
    # for a managed server and several replicas of the bot.
    database_url: SecretStr | None = None
    telegram_api_base: str | None = None
    default_language: Literal["ru", "en"] = "ru"
    default_timezone: str = "Europe/Moscow"
    client_quiet_hours: Annotated[QuietHours, NoDecode] = QuietHours.parse("21:00-09:00")
    holidays_country: str = "RU"
    invite_ttl_days: int = Field(default=7, ge=1, le=365)
    brief_templates_dir: Path = TEMPLATES_DIR
    proposal_template: Path = PROPOSAL_TEMPLATE
    invoice_template: Path = INVOICE_TEMPLATE
    proposal_approval_threshold: str = "0"
    approval_reminder_hours: int = Field(default=24, ge=1, le=24 * 30)
    proposal_client_reminder_days: int = Field(default=3, ge=1, le=60)
    staff_morning_time: time = time(9, 0)
    weekly_summary_day: Annotated[int, Field(ge=0, le=6)] = 0
    weekly_summary_time: time = time(10, 0)
    agency_name: str = ""
    agency_requisites: str = ""
    # The agency's account for the payment QR code on invoices (services/payment_qr):
    # roubles when ACCOUNT, BIC, CORR_ACCOUNT, INN and NAME are set; euros when IBAN is.
    agency_bank_payee: str = Field(default="", max_length=160)  # AGENCY_NAME when empty
    agency_bank_name: str = Field(default="", max_length=45)
    agency_bank_account: str = Field(default="", pattern=r"^(\d{20})?$")
    agency_bank_bic: str = Field(default="", pattern=r"^(\d{9})?$")
    agency_bank_corr_account: str = Field(default="", pattern=r"^(\d{20})?$")
    agency_bank_inn: str = Field(default="", pattern=r"^(\d{10}|\d{12})?$")
    agency_bank_kpp: str = Field(default="", pattern=r"^(\d{9})?$")
    agency_bank_iban: str = Field(default="", pattern=r"^([A-Z]{2}\d{2}[A-Z0-9 ]{11,36})?$")
    agency_bank_swift: str = Field(default="", pattern=r"^([A-Z0-9]{8}|[A-Z0-9]{11})?$")
    # VAT on invoices and acts (services/billing/tax.py): none (the simplified system, with
    # AGENCY_VAT_BASIS written instead), standard (22 %; 20 % for what was done before
    # 2026), or a rate: 22, 20, 10, 7, 5, 0. Prices the AM enters include it, unless
    # AGENCY_VAT_INCLUDED=false adds it on top. An invoice may name another rate.
    agency_vat: RateChoice = RateChoice.NONE
    agency_vat_included: bool = True
    agency_vat_basis: str = Field(default=DEFAULT_VAT_BASIS, min_length=1, max_length=300)
    # English documents name their tax line so (VAT, GST, Sales tax), and may spell the
    # total in words as Russian ones always do.
    agency_tax_label: str = Field(default="VAT", min_length=1, max_length=20)
    documents_amount_in_words_en: bool = False
    # Who signs the agency's invoices and acts, and optional PNGs (transparent) of the
    # stamp and the head's signature placed over the signature lines.
    agency_head_name: str = Field(default="", max_length=80)
    agency_accountant_name: str = Field(default="", max_length=80)
    agency_stamp_png: Path | None = None
    agency_signature_png: Path | None = None
    invoice_number_prefix: str = Field(default="", max_length=10)
    invoice_reminder_days: Annotated[tuple[int, ...], NoDecode] = (-3, 0, 1, 7, 14)
    invoice_reminder_time: time = time(10, 0)
    invoice_reminders_on_weekends: bool = False
    reply_sla_hours: int = Field(default=4, ge=1, le=72)
    # sign-off: change rounds a price includes unless the proposal says, and the working
    # days a client may leave a version undecided before each reminder step
    revision_rounds_included: int = Field(default=2, ge=0, le=20)
    sign_off_reminder_days: int = Field(default=2, ge=1, le=30)
    # a specialist's task still open this many working days after its due date: the heads
    task_escalation_working_days: int = Field(default=2, ge=1, le=30)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "json": a JSON object a line, for log shippers
    log_format: Literal["text", "json"] = "text"
    # Long polling by default. "webhook": Telegram posts updates to WEBHOOK_URL, served on
    # WEBHOOK_LISTEN with /healthz, /readyz and /metrics, behind an HTTPS reverse proxy.
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0:8080"
    # Polling mode: /healthz, /readyz, /metrics and the calendar feeds on this host:port;
    # off when empty.
    http_listen: str | None = None
    # Where people reach the bot's listener from outside (the reverse proxy): the base of
    # the /calendar feed links, e.g. https://bot.example.com. Unset: no calendar links.
    public_base_url: str | None = None
    # /readyz fails when Telegram has not answered a call for this long.
    ready_api_minutes: int = Field(default=5, ge=1, le=24 * 60)
    # A copy of the database every day at 03:00 in DEFAULT_TIMEZONE; the newest N stay.
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=1, le=3650)
    # Telegram's limits, kept just under: change them only for a self-hosted Bot API
    # server without limits, or a test server.
    send_rate_per_second: float = Field(default=29, gt=0, le=1000)
    send_chat_interval_seconds: float = Field(default=1.04, ge=0, le=60)
    # about 20 messages a minute into one group (topic creations and title edits count)
    send_group_interval_seconds: float = Field(default=GROUP_INTERVAL, ge=0, le=600)

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url_shape(cls, value: str | None) -> str | None:
        if value is not None and not _WEBHOOK_URL.match(value):
            raise ValueError("must be an https:// URL with a path, e.g. https://bot.example.com/tg")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _public_base_url_shape(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError("must be an http(s):// URL, e.g. https://bot.example.com")
        return value or None

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("1-256 characters: letters, digits, _ and - (Telegram's rule)")
        return value

    @field_validator("webhook_listen", "http_listen")
    @classmethod
    def _listen_shape(cls, value: str | None) -> str | None:
        if value is not None and not _LISTEN.match(value):
            raise ValueError("host:port, e.g. 0.0.0.0:8080")
        return value

    @model_validator(mode="after")
    def _backups_of_sqlite_only(self) -> Settings:
        if self.backup_dir is not None and self.database_url is not None:
            raise ValueError(
                "BACKUP_DIR copies the SQLite file; with DATABASE_URL the server keeps the"
                " copies (pg_dump, point-in-time recovery): unset BACKUP_DIR"
            )
        return self

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.bot_mode == "webhook":
            missing = [
                name
                for name, value in (
                    ("WEBHOOK_URL", self.webhook_url),
                    ("WEBHOOK_SECRET", self.webhook_secret),
                )
                if value is None
            ]
            if missing:
                raise ValueError(f"BOT_MODE=webhook needs {' and '.join(missing)}")
        return self

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        url = value.get_secret_value().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql:// (unset, the SQLite file is used)")
        return SecretStr(url)

    def database(self, clock: Clock | None = None, *, allow_new: bool = False) -> Database:
        """The database these settings name (PostgreSQL at DATABASE_URL, else the SQLite
        file at DATABASE_PATH), not yet opened."""
        url = self.database_url.get_secret_value() if self.database_url else None
        return open_database(url, self.database_path, clock, allow_new=allow_new)

    @property
    def on_postgres(self) -> bool:
        return self.database_url is not None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if _PLACEHOLDER.match(value.get_secret_value()):
            raise ValueError("is still the placeholder; put the token @BotFather gave you there")
        if not _TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a token from @BotFather (123456:ABC…)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("head_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            if _PLACEHOLDER.match(value):
                raise ValueError(
                    "is still the placeholder; put your Telegram id there (@userinfobot tells it)"
                )
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError("HEAD_IDS must be Telegram ids separated by commas: 111,222")
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (use e.g. Europe/Moscow)") from error
        return value

    @field_validator("holidays_country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code and code not in supported_countries():
            raise ValueError(f"no holiday calendar for {value!r} (use a country code like RU)")
        return code

    @field_validator("client_quiet_hours", mode="before")
    @classmethod
    def _quiet_hours(cls, value: object) -> object:
        return QuietHours.parse(value) if isinstance(value, str) else value

    @field_validator("proposal_approval_threshold")
    @classmethod
    def _threshold(cls, value: str) -> str:
        if value.strip() in ("", "0"):
            return "0"
        try:
            parse_money(value)
        except Exception as error:
            raise ValueError("must be an amount like 150000 or 150000 RUB, or 0") from error
        return value.strip()

    @field_validator("invoice_reminder_days", mode="before")
    @classmethod
    def _offsets(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return tuple(sorted(int(part) for part in value.split(",") if part.strip()))
            except ValueError as error:
                raise ValueError("days relative to the due date, e.g. -3,0,1,7,14") from error
        return value

    @field_validator("agency_vat", mode="before")
    @classmethod
    def _vat(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_rate_choice(value)
            except InvalidInput as error:
                raise ValueError("none, standard, or a rate: 22, 20, 10, 7, 5, 0") from error
        return value

    @field_validator("agency_stamp_png", "agency_signature_png", mode="before")
    @classmethod
    def _png(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        path = Path(str(value)).expanduser()
        try:
            with path.open("rb") as file:
                head = file.read(8)
        except OSError as error:
            raise ValueError(f"cannot read {path}: {error.strerror or error}") from error
        if head != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"{path} is not a PNG file")
        return path

    @field_validator("agency_requisites")
    @classmethod
    def _lines(cls, value: str) -> str:
        return value.replace("\\n", "\n")

    @model_validator(mode="after")
    def _bank_complete(self) -> Settings:
        rouble = {
            "AGENCY_BANK_ACCOUNT": self.agency_bank_account,
            "AGENCY_BANK_BIC": self.agency_bank_bic,
            "AGENCY_BANK_CORR_ACCOUNT": self.agency_bank_corr_account,
            "AGENCY_BANK_INN": self.agency_bank_inn,
            "AGENCY_BANK_NAME": self.agency_bank_name,
        }
        missing = [name for name, value in rouble.items() if not value]
        if missing and len(missing) < len(rouble):
            raise ValueError(
                "the payment QR code needs all of the bank details; missing: " + ", ".join(missing)
            )
        if (self.agency_bank_account or self.agency_bank_iban) and not (
            self.agency_bank_payee or self.agency_name
        ):
            raise ValueError("AGENCY_BANK_PAYEE or AGENCY_NAME: who the payment goes to")
        return self

    def agency(self) -> Agency:
        """The agency as its documents present it."""
        return Agency(
            name=self.agency_name,
            requisites=self.agency_requisites,
            bank=self.bank_details(),
            tax=self.tax_policy(),
            tax_label=self.agency_tax_label,
            words_in_english=self.documents_amount_in_words_en,
            head_name=self.agency_head_name,
            accountant_name=self.agency_accountant_name,
            stamp=str(self.agency_stamp_png) if self.agency_stamp_png else None,
            signature=str(self.agency_signature_png) if self.agency_signature_png else None,
        )

    def tax_policy(self) -> TaxPolicy:
        return TaxPolicy(self.agency_vat, self.agency_vat_included, self.agency_vat_basis)

    def bank_details(self) -> BankDetails | None:
        if not (self.agency_bank_account or self.agency_bank_iban):
            return None
        return BankDetails(
            payee=self.agency_bank_payee or self.agency_name,
            bank_name=self.agency_bank_name,
            account=self.agency_bank_account,
            bic=self.agency_bank_bic,
            correspondent_account=self.agency_bank_corr_account,
            inn=self.agency_bank_inn,
            kpp=self.agency_bank_kpp,
            iban=self.agency_bank_iban,
            swift=self.agency_bank_swift,
        )

    @field_validator("weekly_summary_day", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> object:
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        if isinstance(value, str) and value.strip().lower()[:3] in names:
            return names.index(value.strip().lower()[:3])
        return value

    @field_validator("telegram_api_base")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("TELEGRAM_API_BASE must be an http(s) URL")
        return value.rstrip("/")


def describe_settings_error(error: ValidationError) -> str:
    """One line per problem, naming the env variable; never echoes a value."""
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "settings"
        if problem["type"] == "missing":
            lines.append(f"{name} is not set (put it in .env or the environment)")
        else:
            message = problem["msg"].removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
    return "Configuration error: " + "; ".join(lines)
