from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.__main__ import main
from bot.config import Settings, describe_settings_error
from services.billing.tax import RateChoice
from services.platform.quiet_hours import QuietHours
from tests.conftest import TOKEN

pytestmark = pytest.mark.no_database

ROOT = Path(__file__).resolve().parent.parent


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    clean.update(env)
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_missing_token_stops_start_up_with_one_line(tmp_path: Path):
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN is not set" in result.stderr


def test_malformed_token_is_refused_without_echoing_it(tmp_path: Path):
    secret = "my-secret-but-broken-token"
    result = run_bot(tmp_path, BOT_TOKEN=secret)
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr
    assert secret not in result.stderr + result.stdout


def _quick_start_environment() -> dict[str, str]:
    """The variables the README's first quick-start command sets, as a shell would read them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "BOT_TOKEN=" in line)
    words = shlex.split(command.split("&&")[-1])
    return dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))


def test_the_quick_start_copied_verbatim_names_its_placeholders_in_one_line(tmp_path: Path):
    env = _quick_start_environment()
    assert set(env) == {"BOT_TOKEN", "HEAD_IDS"}
    result = run_bot(tmp_path, **env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN: is still the placeholder" in result.stderr
    assert "HEAD_IDS: is still the placeholder" in result.stderr
    assert "does not look like a token" not in result.stderr


def test_env_example_placeholders_are_named_as_placeholders():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line.startswith(("BOT_TOKEN=", "HEAD_IDS="))
    )
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, bot_token=values["BOT_TOKEN"])
    assert "is still the placeholder" in describe_settings_error(caught.value)
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, bot_token=TOKEN, head_ids=values["HEAD_IDS"])
    assert "HEAD_IDS: is still the placeholder" in describe_settings_error(caught.value)


def test_settings_parse_lists_zones_and_quiet_hours():
    settings = Settings(
        _env_file=None, bot_token=TOKEN, head_ids="111, 222", client_quiet_hours="22:30-08:00"
    )
    assert settings.head_ids == [111, 222]
    assert settings.client_quiet_hours == QuietHours.parse("22:30-08:00")
    assert settings.default_language == "ru" and settings.default_timezone == "Europe/Moscow"
    assert settings.holidays_country == "RU"
    assert (
        Settings(_env_file=None, bot_token=TOKEN, holidays_country=" kz").holidays_country == "KZ"
    )
    assert Settings(_env_file=None, bot_token=TOKEN, holidays_country="").holidays_country == ""
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("head_ids", "111;abc", "HEAD_IDS"),
        ("default_timezone", "Mars/Olympus", "DEFAULT_TIMEZONE"),
        ("client_quiet_hours", "9pm", "CLIENT_QUIET_HOURS"),
        ("telegram_api_base", "localhost:8081", "TELEGRAM_API_BASE"),
        ("holidays_country", "Narnia", "HOLIDAYS_COUNTRY"),
        ("agency_vat", "18", "AGENCY_VAT"),
        ("agency_stamp_png", "/nonexistent/stamp.png", "AGENCY_STAMP_PNG"),
        ("agency_signature_png", __file__, "AGENCY_SIGNATURE_PNG"),  # not a PNG
    ],
)
def test_bad_settings_name_the_variable(field: str, value: str, fragment: str):
    with pytest.raises(ValidationError) as raised:
        Settings(_env_file=None, bot_token=TOKEN, **{field: value})
    message = describe_settings_error(raised.value)
    assert fragment in message and TOKEN not in message


def test_env_file_is_read(tmp_path: Path, monkeypatch):
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nHEAD_IDS=5,6\nLOG_LEVEL=DEBUG\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.delenv("HEAD_IDS", raising=False)
    settings = Settings()
    assert settings.head_ids == [5, 6] and settings.log_level == "DEBUG"


def test_webhook_mode_names_what_it_lacks_and_never_echoes_the_secret(tmp_path: Path):
    result = run_bot(tmp_path, BOT_TOKEN=TOKEN, BOT_MODE="webhook")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: settings: BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET"
    )
    result = run_bot(
        tmp_path,
        BOT_TOKEN=TOKEN,
        BOT_MODE="webhook",
        WEBHOOK_URL="http://bot.example.com/tg",
        WEBHOOK_SECRET="not allowed!",
    )
    assert result.returncode == 2
    assert "WEBHOOK_URL: must be an https:// URL" in result.stderr
    assert "WEBHOOK_SECRET: 1-256 characters" in result.stderr
    assert "not allowed!" not in result.stderr


def test_a_missing_stamp_stops_start_up_with_one_line(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("AGENCY_STAMP_PNG", str(tmp_path / "stamp.png"))
    monkeypatch.chdir(tmp_path)
    assert asyncio.run(main([])) == 2
    error = capsys.readouterr().err
    assert "AGENCY_STAMP_PNG" in error and "stamp.png" in error and error.count("\n") == 1


def test_the_agencys_vat_and_signers_come_from_the_settings(tmp_path: Path):
    stamp = tmp_path / "stamp.png"
    stamp.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    settings = Settings(
        _env_file=None, bot_token=TOKEN, agency_vat="standard", agency_vat_included="false",
        agency_stamp_png=str(stamp), agency_head_name="Ирина Смирнова",
    )  # fmt: skip
    agency = settings.agency()
    assert agency.tax.rate is RateChoice.STANDARD and not agency.tax.prices_include
    assert agency.stamp == str(stamp) and agency.head_name == "Ирина Смирнова"
    assert Settings(_env_file=None, bot_token=TOKEN, agency_vat="без НДС").agency_vat is (
        RateChoice.NONE
    )
