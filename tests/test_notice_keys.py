"""Every notice's subject and dedup key stay byte for byte what they were: a queued row's
key is compared with the key a planner computes after an upgrade, and a key written
differently would send again what was sent (tests/notice_keys.json holds them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.delivery import notices
from tests.notice_samples import keys_of_every_notice

pytestmark = pytest.mark.no_database

KEYS = Path(__file__).with_name("notice_keys.json")


def test_every_notice_keeps_its_subject_and_dedup_key():
    assert keys_of_every_notice() == json.loads(KEYS.read_text(encoding="utf-8"))


def test_a_notice_that_declares_no_dedup_key_is_refused_where_it_is_written():
    with pytest.raises(TypeError, match="declares no dedup_key"):

        @dataclass(frozen=True)
        class Forgetful(notices.Notice, kind="test.forgetful", subject="x:{n}"):
            n: int
