"""The staff inbox end to end: a forum group linked by a head, a topic per company, both
ways through it, and every way a group goes wrong (rights, a deleted or closed topic, a
moved group, a removed bot, a stranger in the group)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.conversation import inbox
from tests.conftest import CLIENT, HEAD, MANAGER, RunningBot
from tests.fakes.telegram import FakeTelegram, Fault, Forum, button_data, user
from tests.journeys import invite_client

GROUP = -1001000000001
COLLEAGUE = user(3003, "Вера", username="vera_client")
OUTSIDER = user(5005, "Гоша", username="gosha")


@pytest.fixture(autouse=True)
def titles_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The title settles for 30 s in production; a test looks at it at once.
    monkeypatch.setattr(inbox, "TITLE_SETTLE", timedelta(0))


async def link(running: RunningBot, **rights: bool) -> Forum:
    tg = running.telegram
    forum = tg.make_forum(GROUP, "Входящие агентства", **rights)
    await invite_client(running)
    tg.write_in_topic(HEAD, GROUP, None, "/inbox")
    await tg.wait_message(GROUP, "подключена")
    return forum


async def add_colleague(tg: FakeTelegram) -> None:
    """A second contact of Ромашка joins."""
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "/invite Ромашка")
    invite = await tg.wait_message(MANAGER["id"], "start=", since=seen)
    tg.send_text(COLLEAGUE, f"/start {invite['text'].split('start=')[1].split()[0]}")
    await tg.wait_message(COLLEAGUE["id"], "вы подключены")


def topics(forum: Forum) -> list[int]:
    return [t.thread_id for t in forum.topics.values() if not t.deleted]


def copies(tg: FakeTelegram, thread: int) -> list[dict[str, Any]]:
    return tg.in_topic(GROUP, thread)


async def the_topic(tg: FakeTelegram, forum: Forum) -> int:
    await tg.wait_for(lambda: topics(forum), 10, "a topic")
    return topics(forum)[-1]


async def test_a_head_links_a_group_once_its_rights_are_right(running: RunningBot):
    tg = running.telegram
    forum = tg.make_forum(GROUP, "Входящие агентства", can_manage_topics=False)
    await invite_client(running)
    tg.send_text(HEAD, "/inbox")
    how = await tg.wait_message(HEAD["id"], "Входящие в группе")
    url = how["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert "startgroup=inbox" in url and "manage_topics" in url

    tg.write_in_topic(MANAGER, GROUP, None, "/inbox")
    await tg.wait_message(GROUP, "подключает руководитель")
    tg.write_in_topic(HEAD, GROUP, None, "/inbox")
    refused = await tg.wait_message(GROUP, "Не могу подключить группу")
    assert "«Управление темами»" in refused["text"] and "\n" not in refused["text"]

    forum.bot_rights["can_manage_topics"] = True
    tg.write_in_topic(HEAD, GROUP, None, "/start@am_assistant_test_bot inbox")
    linked = await tg.wait_message(GROUP, "подключена: здесь переписка со всеми")
    await tg.wait_message(HEAD["id"], "подключена как входящие")
    # an AM's press on the heads' buttons changes nothing
    tg.press(MANAGER, linked, button_data(linked, "Олег"))
    await tg.wait_for(
        lambda: [c for c in tg.calls_of("answerCallbackQuery")
                 if "руководитель" in str(c.params.get("text"))], 10, "refused",
    )  # fmt: skip
    # a head gives the group to one AM's companies only
    tg.press(HEAD, linked, button_data(linked, "Олег"))
    await tg.wait_message(GROUP, "компании менеджеров: Олег")
    [[managers]] = await running.app.db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM staff_group_managers WHERE chat_id = ?", (GROUP,)
    )
    assert managers == 1


async def test_a_clients_messages_land_in_one_topic_with_a_pinned_card(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_kind(
        CLIENT,
        text="Где макеты? Срочно",
        entities=[{"type": "bold", "offset": 12, "length": 6}],
    )
    receipt = await tg.wait_message(CLIENT["id"], "Сообщение передано менеджеру Олег")
    assert receipt
    thread = await the_topic(tg, forum)
    assert forum.topics[thread].name == "🔴 Ромашка · О"
    card = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "📌" in (m.get("text") or "")], 10, "card"
    )
    await tg.wait_for(lambda: card[0]["message_id"] in forum.pinned, 10, "the card pinned")
    assert "Контакты: Анна (@anna_client)" in card[0]["text"]
    text = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "Где макеты" in (m.get("text") or "")], 10
    )
    assert text[0]["text"] == "👤 <b>Анна</b>\nГде макеты? <b>Срочно</b>"

    tg.send_document(CLIENT, "file-tz", "ТЗ.docx", caption="ТЗ")
    tg.send_kind(CLIENT, sticker={"file_id": "stk", "file_unique_id": "s", "type": "regular",
                                  "width": 1, "height": 1, "is_animated": False,
                                  "is_video": False, "emoji": "👍"})  # fmt: skip
    tg.send_kind(CLIENT, location={"latitude": 55.75, "longitude": 37.62})
    tg.album(CLIENT, ["ph-1", "ph-2", "ph-3"], caption="Референсы")
    await running.settled()
    in_topic = copies(tg, thread)
    document = [m for m in in_topic if "document" in m]
    assert document and document[0]["caption"] == "👤 <b>Анна</b>\nТЗ"
    sticker = [m for m in in_topic if "sticker" in m]
    assert sticker[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "👤 Анна"
    assert [m for m in in_topic if "location" in m]
    album = [m for m in in_topic if m.get("media_group_id")]
    assert [m["photo"][0]["file_id"] for m in album] == ["ph-1", "ph-2", "ph-3"]
    assert album[0]["caption"] == "👤 <b>Анна</b>\nРеференсы"
    assert len(tg.calls_of("sendMediaGroup")) == 1
    # everything went to the topic, nothing to the AM's private chat, once each
    assert not [m for m in tg.sent_to(MANAGER["id"]) if "Где макеты" in (m.get("text") or "")]
    assert len(tg.calls_of("createForumTopic")) == 1
    assert sum("Где макеты" in (m.get("text") or "") for m in in_topic) == 1


async def test_two_contacts_writing_at_once_get_one_topic(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    await add_colleague(tg)
    for round_ in range(3):
        tg.send_text(CLIENT, f"Анна {round_}")
        tg.send_text(COLLEAGUE, f"Вера {round_}")
    await running.settled()
    assert len(tg.calls_of("createForumTopic")) == 1
    [thread] = topics(forum)
    texts = [m.get("text") or "" for m in copies(tg, thread)]
    for round_ in range(3):
        assert sum(f"Анна {round_}" in t for t in texts) == 1
        assert sum(f"Вера {round_}" in t for t in texts) == 1
    anna = [t for t in texts if "Анна " in t and "<b>Анна</b>" in t]
    assert [t.split("\n")[1] for t in anna] == ["Анна 0", "Анна 1", "Анна 2"]  # in order


async def test_staff_answer_in_the_topic_notes_stay_and_edits_and_reactions_mirror(
    running: RunningBot,
):
    tg = running.telegram
    forum = await link(running)
    asked = tg.send_text(CLIENT, "Где макеты?")
    thread = await the_topic(tg, forum)
    copy = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "Где макеты" in (m.get("text") or "")], 10
    )
    tg.write_in_topic(MANAGER, GROUP, thread, "// клиент нервничает, не обещать сроки")
    answer = tg.write_in_topic(MANAGER, GROUP, thread, "Будут завтра к 12:00")
    reply = await tg.wait_message(CLIENT["id"], "Будут завтра к 12:00")
    assert reply["text"] == "💬 <b>Олег</b>:\nБудут завтра к 12:00"
    await running.settled()
    assert not [m for m in tg.sent_to(CLIENT["id"]) if "нервничает" in (m.get("text") or "")]
    db = running.app.db
    [[note]] = await db.conn.execute_fetchall("SELECT text FROM company_notes")
    assert note == "клиент нервничает, не обещать сроки"
    [[answered, author]] = await db.conn.execute_fetchall(
        "SELECT (SELECT COUNT(*) FROM messages WHERE direction = 'in' AND answered_at IS NULL),"
        " (SELECT author_id FROM messages WHERE direction = 'out')"
    )
    assert (answered, author) == (0, MANAGER["id"])  # the SLA stops; who answered is kept
    assert forum.topics[thread].name == "🟢 Ромашка · О"

    tg.edit(asked, "Где макеты главной?")
    await tg.wait_for(
        lambda: "Где макеты главной?" in (tg.messages[(GROUP, copy[0]["message_id"])]["text"]),
        10,
        "the copy edited",
    )
    tg.edit(answer, "Будут завтра к 15:00")
    await tg.wait_message(CLIENT["id"], "Будут завтра к 15:00")
    assert "к 12:00" not in str(tg.sent_to(CLIENT["id"]))
    tg.react(CLIENT, {"id": CLIENT["id"], "type": "private"}, reply["message_id"], "🙏")
    await tg.wait_for(
        lambda: [r for r in tg.reactions if int(r["chat_id"]) == GROUP
                 and r["message_id"] == answer["message_id"]], 10, "reaction in the topic"
    )  # fmt: skip
    tg.react(MANAGER, forum.chat, copy[0]["message_id"], "👌")
    await tg.wait_for(
        lambda: [r for r in tg.reactions if int(r["chat_id"]) == CLIENT["id"]
                 and r["message_id"] == asked["message_id"]], 10, "reaction for the client"
    )  # fmt: skip


async def test_a_reply_to_one_contacts_copy_goes_to_that_contact(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    await add_colleague(tg)
    tg.send_text(CLIENT, "Вопрос от Анны")
    await running.settled()
    tg.send_text(COLLEAGUE, "Вопрос от Веры")
    await running.settled()
    thread = topics(forum)[0]
    [annas] = [m for m in copies(tg, thread) if "Вопрос от Анны" in (m.get("text") or "")]
    tg.write_in_topic(MANAGER, GROUP, thread, "Анне: отвечаю", reply_to=annas)
    tg.write_in_topic(MANAGER, GROUP, thread, "Вере: отвечаю")  # no reply: who wrote last
    await tg.wait_message(CLIENT["id"], "Анне: отвечаю")
    await tg.wait_message(COLLEAGUE["id"], "Вере: отвечаю")
    await running.settled()
    assert "Вере" not in str(tg.sent_to(CLIENT["id"]))
    assert "Анне" not in str(tg.sent_to(COLLEAGUE["id"]))


async def test_a_deleted_topic_comes_back_and_a_closed_one_reopens(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "Первое")
    first = await the_topic(tg, forum)
    await running.settled()
    tg.delete_topic(GROUP, first)
    tg.send_text(CLIENT, "Второе")
    await tg.wait_for(lambda: topics(forum), 10, "a new topic")
    await running.settled()
    [second] = topics(forum)
    assert second != first
    texts = [m.get("text") or "" for m in copies(tg, second)]
    assert any("📌" in t for t in texts) and any("Второе" in t for t in texts)

    tg.close_topic_by(MANAGER, GROUP, second)
    await tg.wait_for(lambda: forum.topics[second].name.startswith("⚪️"), 10, "closed title")
    tg.send_text(CLIENT, "Третье")
    await tg.wait_for(
        lambda: [m for m in copies(tg, second) if "Третье" in (m.get("text") or "")], 10
    )
    assert tg.calls_of("reopenForumTopic") and not forum.topics[second].closed
    await tg.wait_for(lambda: forum.topics[second].name.startswith("🔴"), 10, "waiting title")


async def test_without_the_group_the_private_relay_works_and_heads_hear_once(
    running: RunningBot,
):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "В группу")
    await the_topic(tg, forum)
    await running.settled()
    tg.bot_rights_changed(HEAD, GROUP, status="left")
    await tg.wait_message(HEAD["id"], "Бота удалили из группы")
    tg.send_text(CLIENT, "Уже в личку")
    relayed = await tg.wait_message(MANAGER["id"], "Уже в личку")
    assert "Анна</b> (Ромашка)" in relayed["text"]
    tg.bot_rights_changed(HEAD, GROUP, status="left")  # told again: once is enough
    await running.settled()
    assert sum("Бота удалили" in (m.get("text") or "") for m in tg.sent_to(HEAD["id"])) == 1
    # given back its rights, the group is the inbox again
    tg.bot_rights_changed(HEAD, GROUP, status="administrator")
    await running.settled()
    tg.send_text(CLIENT, "Снова в группу")
    await tg.wait_for(
        lambda: [m for m in copies(tg, topics(forum)[0])
                 if "Снова в группу" in (m.get("text") or "")], 10, "back in the topic"
    )  # fmt: skip


async def test_a_stranger_in_the_group_is_named_and_never_reaches_a_client(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "Привет")
    thread = await the_topic(tg, forum)
    tg.join_group(OUTSIDER, GROUP)
    named = await tg.wait_message(HEAD["id"], "нет среди сотрудников")
    assert "Гоша (@gosha)" in named["text"]
    tg.write_in_topic(OUTSIDER, GROUP, thread, "Скидка 90% только сегодня")
    await running.settled()
    assert "Скидка" not in str(tg.sent_to(CLIENT["id"]))


async def test_what_cannot_reach_the_client_is_said_in_the_topic(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "Привет")
    thread = await the_topic(tg, forum)
    await running.settled()
    tg.blocked.add(CLIENT["id"])
    tg.write_in_topic(MANAGER, GROUP, thread, "Вы тут?")
    line = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "заблокировал" in (m.get("text") or "")], 10
    )
    assert line[0]["text"].startswith("⚠️ Анна заблокировал(а) бота")
    [[kept]] = await running.app.db.conn.execute_fetchall(
        "SELECT text FROM messages WHERE direction = 'out'"
    )
    assert kept == "Вы тут?"


async def test_a_group_moved_to_a_new_id_is_followed(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    new_id = GROUP - 1
    moved = tg.make_forum(new_id, "Входящие агентства")
    forum.migrated_to = new_id
    tg.send_text(CLIENT, "После переезда")
    await tg.wait_for(
        lambda: [m for m in tg.sent_to(new_id) if "После переезда" in (m.get("text") or "")],
        10,
        "the message in the new group",
    )
    assert topics(moved)
    [[chat]] = await running.app.db.conn.execute_fetchall("SELECT chat_id FROM staff_groups")
    assert chat == new_id


async def test_a_restart_while_the_topic_could_not_be_made_loses_nothing(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.faults.append(Fault("createForumTopic", 500, times=1))
    tg.send_text(CLIENT, "Пока бот перезапускается")
    await tg.wait_for(lambda: tg.calls_of("createForumTopic"), 10, "a first try")
    await running.restart()
    await running.settled(30)
    [thread] = topics(forum)
    texts = [m.get("text") or "" for m in copies(tg, thread)]
    assert sum("Пока бот перезапускается" in t for t in texts) == 1


async def test_a_conversation_begun_in_private_goes_on_in_the_topic(running: RunningBot):
    tg = running.telegram
    forum = tg.make_forum(GROUP, "Входящие агентства")
    await invite_client(running)
    tg.send_text(CLIENT, "Вопрос до группы")
    relayed = await tg.wait_message(MANAGER["id"], "Вопрос до группы")
    tg.press(MANAGER, relayed, button_data(relayed, "Ответить"))
    await tg.wait_message(MANAGER["id"], "Напишите ответ клиенту")
    tg.send_text(MANAGER, "Ответ до группы")
    await tg.wait_message(CLIENT["id"], "Ответ до группы")
    tg.write_in_topic(HEAD, GROUP, None, "/inbox")
    await tg.wait_message(GROUP, "подключена")
    tg.send_text(CLIENT, "Уже в группе")
    thread = await the_topic(tg, forum)
    card = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "📌" in (m.get("text") or "")], 10, "card"
    )
    assert "← Анна: Вопрос до группы" in card[0]["text"]
    assert "→ Олег: Ответ до группы" in card[0]["text"]
    assert "Уже в группе" not in card[0]["text"]  # that one is copied below the card

    # in the topic, /history, /note, /canned and /away are about this company
    tg.write_in_topic(MANAGER, GROUP, thread, "/history")
    history = await tg.wait_message(GROUP, "Переписка с «Ромашка»")
    assert history["message_thread_id"] == thread and "Вопрос до группы" in history["text"]
    tg.write_in_topic(MANAGER, GROUP, thread, "/note любит звонки после 15:00")
    await tg.wait_message(GROUP, "Заметка сохранена")
    tg.send_text(MANAGER, "/canned")
    canned = await tg.wait_message(MANAGER["id"], "Ваши шаблоны")
    tg.press(MANAGER, canned, button_data(canned, "Добавить"))
    await tg.wait_message(MANAGER["id"], "текст шаблона")
    tg.send_text(MANAGER, "Спасибо, приняли в работу!")
    await tg.wait_message(MANAGER["id"], "Шаблон сохранён")
    tg.write_in_topic(MANAGER, GROUP, thread, "/canned")
    pick = await tg.wait_message(GROUP, "Выберите шаблон")
    tg.press(MANAGER, pick, button_data(pick, "Спасибо, приняли"))
    await tg.wait_message(CLIENT["id"], "Спасибо, приняли в работу!")
    # a canned answer, given from anywhere, shows in the topic too
    await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "Спасибо, приняли" in (m.get("text") or "")],
        10,
        "the answer in the topic",
    )
    tg.write_in_topic(MANAGER, GROUP, thread, "/away")
    await tg.wait_message(GROUP, "До какой даты")
    tg.write_in_topic(MANAGER, GROUP, thread, "10.12")
    deputies = await tg.wait_message(GROUP, "Кто вас заменит")
    tg.press(MANAGER, deputies, button_data(deputies, "Ирина"))
    await tg.wait_message(GROUP, "сообщения и оповещения получает Ирина")
    await running.settled()
    assert "10.12" not in str(tg.sent_to(CLIENT["id"]))  # a form's answer is not a reply


async def test_staff_album_and_a_file_too_big_for_the_client(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "Пришлите макеты")
    thread = await the_topic(tg, forum)
    await running.settled()
    group_id = "staff-album"
    for index, file_id in enumerate(["m-1", "m-2"]):
        extra = {"caption": "Два варианта"} if index == 0 else {}
        photo = [{"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}]
        tg.write_in_topic(MANAGER, GROUP, thread, photo=photo, media_group_id=group_id, **extra)
    album = await tg.wait_for(
        lambda: [m for m in tg.sent_to(CLIENT["id"]) if m.get("media_group_id")], 10, "album"
    )
    await running.settled()
    album = [m for m in tg.sent_to(CLIENT["id"]) if m.get("media_group_id")]
    assert [m["photo"][0]["file_id"] for m in album] == ["m-1", "m-2"]
    assert album[0]["caption"] == "💬 <b>Олег</b>:\nДва варианта"

    tg.faults.append(Fault("copyMessage", 413, chat_id=CLIENT["id"]))
    document = {"file_id": "huge", "file_unique_id": "h", "file_name": "видео.mov"}
    tg.write_in_topic(MANAGER, GROUP, thread, document=document, caption="Исходник")
    line = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "слишком большой" in (m.get("text") or "")], 10
    )
    assert "Анна" in line[0]["text"]


async def test_the_company_card_opens_a_topic_and_the_pinned_cards_buttons_work(
    running: RunningBot,
):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(MANAGER, "/companies")
    listing = await tg.wait_message(MANAGER["id"], "Компании клиентов")
    tg.press(MANAGER, listing, button_data(listing, "Ромашка"))
    card = await tg.wait_message(MANAGER["id"], "Менеджер: Олег")
    tg.press(MANAGER, card, button_data(card, "Тема во входящих"))
    thread = await the_topic(tg, forum)
    pinned = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "📌" in (m.get("text") or "")], 10, "card"
    )
    await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "Тему открыл(а) Олег" in (m.get("text") or "")],
        10,
        "who opened it",
    )
    assert forum.topics[thread].name == "🟢 Ромашка · О"  # nothing waits for an answer yet
    tg.press(MANAGER, pinned[0], button_data(pinned[0], "История"))
    await tg.wait_message(GROUP, "Переписка с «Ромашка»")
    tg.press(OUTSIDER, pinned[0], button_data(pinned[0], "🔄"))
    await running.settled()
    assert [c for c in tg.calls_of("answerCallbackQuery") if c.params.get("show_alert")]


async def test_a_message_deleted_before_its_copy_still_reaches_the_topic(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    sent = tg.send_document(CLIENT, "file-smeta", "Смета.xlsx", caption="Смета")
    del tg.user_messages[(CLIENT["id"], sent["message_id"])]  # the client deleted it
    thread = await the_topic(tg, forum)
    copy = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "document" in m], 10, "the file by its id"
    )
    assert copy[0]["caption"] == "👤 <b>Анна</b>\nСмета"
    assert copy[0]["document"]["file_id"] == "file-smeta"


async def test_html_and_long_texts_reach_the_topic_safely(running: RunningBot):
    tg = running.telegram
    forum = await link(running)
    tg.send_text(CLIENT, "<script>alert(1)</script> & <b>")
    thread = await the_topic(tg, forum)
    copy = await tg.wait_for(
        lambda: [m for m in copies(tg, thread) if "script" in (m.get("text") or "")], 10
    )
    assert copy[0]["text"].endswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;")
    long_caption = "Очень & длинная подпись " * 60  # past a caption's 1,024 characters
    tg.send_document(CLIENT, "file-long", "Долгий.pdf", caption=long_caption)
    document = await tg.wait_for(lambda: [m for m in copies(tg, thread) if "document" in m], 10)
    caption = document[0]["caption"]
    assert len(caption) <= 1024 and caption.startswith("👤 <b>Анна</b>\nОчень &amp; длинная")
    assert caption.endswith("…")
