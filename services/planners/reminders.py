"""Pure rules: domain facts and the time now -> the reminders that are due, and the next
moment anything new can become due.

Each reminder carries a dedup key, so planning again (a second run, a restart, a
clock jump) never sends twice. A rule returns only the latest step that is due:
after downtime a "3 days before" reminder for a deadline already past is skipped and
the overdue one goes instead. Each `*_next` function names the earliest moment after
`now` at which the matching rule could answer differently: the planners store it in an
indexed column and look at the thing again only then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.delivery.notices import (
    DeadlineStep,
    InvoiceEscalation,
    InvoiceOverdue,
    InvoiceReminder,
    MorningDigest,
    OverdueInvoice,
    ReminderStep,
    StageDeadline,
    StageOverdue,
    StageOverdueEscalation,
    StageWaitingAlert,
    StageWaitingReminder,
    WeeklySummary,
    WeeklyTimeline,
)
from services.delivery.outbox import Planned
from services.platform.workdays import WEEKDAYS_ONLY, WorkCalendar

WAITING_CLIENT_AFTER = timedelta(days=2)
WAITING_MANAGER_AFTER = timedelta(days=3)
# A morning digest goes at its planned morning; one the bot could not send then (it was
# down) still goes until noon, saying it is late, and is dropped after.
DIGEST_LATE_UNTIL = time(12, 0)
DIGEST_ON_TIME = timedelta(minutes=5)
WEEKLY_STALE_AFTER_DAYS = 2


@dataclass(frozen=True)
class Recipient:
    telegram_id: int
    timezone: str

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))

    def at(self, day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=ZoneInfo(self.timezone))


def next_after(now: datetime, moments: Iterable[datetime]) -> datetime | None:
    """The earliest of `moments` strictly after `now`; None when none is left."""
    return min((moment for moment in moments if moment > now), default=None)


def next_morning(recipient: Recipient, now: datetime, morning: time) -> datetime:
    """The first `morning` after `now` in the recipient's zone."""
    today = recipient.local(now).date()
    moment = recipient.at(today, morning)
    return moment if moment > now else recipient.at(today + timedelta(days=1), morning)


@dataclass(frozen=True)
class StageFacts:
    id: int
    project_id: int
    title: str
    project_title: str
    company: str
    deadline: date | None
    done: bool
    waiting_since: datetime | None
    waiting_for: str | None = None
    deadline_set_at: datetime | None = None  # steps before this moment are not sent


def deadline_reminders(
    stage: StageFacts,
    manager: Recipient,
    heads: list[Recipient],
    now: datetime,
    morning: time,
    calendar: WorkCalendar,
) -> list[Planned]:
    """3 days before, 1 day before, on the day (to the AM); overdue: the AM every working
    morning and the heads once a day."""
    if stage.done or stage.deadline is None:
        return []
    facts = _stage_fields(stage) | {"deadline": stage.deadline}
    # A step is the day it belongs to: "3 days left" is never sent after "overdue".
    series = f"stage:{stage.id}:{stage.deadline.isoformat()}:manager"
    today = manager.local(now).date()
    if today > stage.deadline:
        planned = []
        if calendar.is_working_day(today) and manager.local(now).time() >= morning:
            planned.append(
                Planned(
                    manager.telegram_id,
                    StageOverdue(**facts, day=today),
                    series=(series, today.toordinal()),
                )
            )
        for head in heads:
            head_today = head.local(now).date()
            if head.local(now).time() >= morning and head.telegram_id != manager.telegram_id:
                planned.append(
                    Planned(head.telegram_id, StageOverdueEscalation(**facts, day=head_today))
                )
        return planned
    steps = [
        (DeadlineStep.DAYS_3, stage.deadline - timedelta(days=3)),
        (DeadlineStep.DAYS_1, stage.deadline - timedelta(days=1)),
        (DeadlineStep.TODAY, stage.deadline),
    ]
    since = stage.deadline_set_at
    due = [
        (step, day)
        for step, day in steps
        if manager.at(day, morning) <= now and (since is None or manager.at(day, morning) >= since)
    ]
    if not due:
        return []
    step, day = due[-1]
    return [
        Planned(
            manager.telegram_id,
            StageDeadline(**facts, step=step),
            series=(series, day.toordinal()),
        )
    ]


def _stage_fields(stage: StageFacts) -> dict[str, Any]:
    return {
        "stage_id": stage.id,
        "project_id": stage.project_id,
        "stage": stage.title,
        "project": stage.project_title,
        "company": stage.company,
    }


def waiting_reminders(
    stage: StageFacts, clients: list[Recipient], manager: Recipient, now: datetime
) -> list[Planned]:
    """A stage waiting for the client: the client after two days, then the AM."""
    if stage.done or stage.waiting_since is None:
        return []
    waited = now - stage.waiting_since
    facts = _stage_fields(stage)
    since = stage.waiting_since.isoformat()
    planned: list[Planned] = []
    if waited >= WAITING_CLIENT_AFTER:
        planned += [
            Planned(
                client.telegram_id,
                StageWaitingReminder(**facts, since=since, what=stage.waiting_for),
            )
            for client in clients
        ]
    if waited >= WAITING_MANAGER_AFTER:
        planned.append(Planned(manager.telegram_id, StageWaitingAlert(**facts, since=since)))
    return planned


@dataclass(frozen=True)
class DigestFacts:
    due_today: list[str]
    overdue: list[str]
    waiting: list[str]
    messages: list[str] = field(default_factory=list)
    overdue_invoices: list[OverdueInvoice] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (
            self.due_today
            or self.overdue
            or self.waiting
            or self.messages
            or self.overdue_invoices
            or self.tasks
        )


def morning_digest(
    manager: Recipient,
    facts: DigestFacts,
    now: datetime,
    planned_for: datetime | None,
    calendar: WorkCalendar,
) -> Planned | None:
    """The digest planned for this working morning in the AM's time zone. `planned_for` is
    the moment the schedule named; None when the schedule was recomputed (a new AM, a time
    zone or role change, new settings), which plans the next morning and sends nothing
    now. A morning missed while the bot was down still goes until noon, saying so."""
    if planned_for is None or facts.empty():
        return None
    local, planned_local = manager.local(now), manager.local(planned_for)
    if local.date() != planned_local.date() or local.time() >= DIGEST_LATE_UNTIL:
        return None
    if not calendar.is_working_day(local.date()):
        return None
    late = now - planned_for > DIGEST_ON_TIME
    return Planned(
        manager.telegram_id,
        MorningDigest(
            manager.telegram_id,
            local.date(),
            tuple(facts.due_today),
            tuple(facts.overdue),
            tuple(facts.waiting),
            tuple(facts.messages),
            tuple(facts.overdue_invoices),
            tasks=tuple(facts.tasks),
            late_from=planned_local.strftime("%H:%M") if late else None,
        ),
    )


def weekly_summary(
    client: Recipient, project_ids: list[int], now: datetime, weekday: int, at: time
) -> Planned | None:
    """Once a week at the client's local time; a summary missed for days is dropped."""
    if not project_ids:
        return None
    local = client.local(now)
    week_start = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    if client.at(week_start, at) > now:
        return None
    if (local.date() - week_start).days > WEEKLY_STALE_AFTER_DAYS:
        return None
    year, week, _ = week_start.isocalendar()
    return Planned(
        client.telegram_id,
        WeeklySummary(client.telegram_id, f"{year}-W{week:02d}", tuple(project_ids)),
    )


def weekly_timelines(summary: Planned) -> list[Planned]:
    """Each project of the summary as a picture, queued after it for the same client."""
    notice = summary.notice
    assert isinstance(notice, WeeklySummary)
    return [
        Planned(summary.recipient_id, WeeklyTimeline(project_id, notice.client_id, notice.week))
        for project_id in notice.projects
    ]


def stage_next(
    stage: StageFacts,
    manager: Recipient,
    heads: list[Recipient],
    now: datetime,
    morning: time,
) -> datetime | None:
    """When `deadline_reminders` or `waiting_reminders` can next say something new."""
    if stage.done:
        return None
    moments: list[datetime] = []
    if stage.deadline is not None:
        moments += [manager.at(stage.deadline - timedelta(days=d), morning) for d in (3, 1, 0)]
        # overdue: every morning from the day after the deadline, in each recipient's zone
        for person in (manager, *heads):
            first = person.at(stage.deadline + timedelta(days=1), morning)
            moments.append(max(first, next_morning(person, now, morning)))
    if stage.waiting_since is not None:
        moments += [
            stage.waiting_since + WAITING_CLIENT_AFTER,
            stage.waiting_since + WAITING_MANAGER_AFTER,
        ]
    return next_after(now, moments)


def digest_next(
    manager: Recipient, now: datetime, morning: time, calendar: WorkCalendar
) -> datetime:
    """The next working morning in the AM's zone after `now`."""
    moment = next_morning(manager, now, morning)
    day = calendar.working_day_from(manager.local(moment).date())
    return manager.at(day, morning)


def weekly_next(client: Recipient, now: datetime, weekday: int, at: time) -> datetime:
    """The client's next weekly moment after `now`."""
    local = client.local(now)
    week_start = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
    moment = client.at(week_start, at)
    return moment if moment > now else client.at(week_start + timedelta(days=7), at)


# invoices ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderPolicy:
    offsets: tuple[int, ...]  # days relative to the due date: -3, 0, 1, 7, 14
    at: time
    weekends: bool
    head_after_days: int = 14
    calendar: WorkCalendar = WEEKDAYS_ONLY

    def send_moment(self, day: date, zone: ZoneInfo) -> datetime:
        """The reminder time that day; days off (weekends, public holidays) move to the next
        working day unless reminders on days off are turned on."""
        if not self.weekends:
            day = self.calendar.working_day_from(day)
        return datetime.combine(day, self.at, tzinfo=zone)


@dataclass(frozen=True)
class InvoiceFacts:
    id: int
    due_date: date
    issued_at: datetime | None  # steps before this moment are not sent
    snoozed_until: date | None
    chased: bool  # reminders on for the invoice and for its company
    manager_id: int | None


def invoice_reminders(
    invoice: InvoiceFacts,
    clients: list[Recipient],
    heads: list[int],
    now: datetime,
    policy: ReminderPolicy,
    agency: ZoneInfo,
) -> list[Planned]:
    """The client: the latest due step in their own zone (none before issue, none while
    snoozed). The AM (or the heads) once it is overdue; the heads after `head_after_days`."""
    planned: list[Planned] = []
    if invoice.chased:
        for client in clients:
            reminder = _invoice_step(invoice, ZoneInfo(client.timezone), now, policy)
            if reminder is None:
                continue
            series = f"invoice:{invoice.id}:{invoice.due_date}:{client.telegram_id}"
            planned.append(Planned(client.telegram_id, reminder, (series, reminder.offset)))
    overdue_days = (now.astimezone(agency).date() - invoice.due_date).days
    if overdue_days >= 1:
        staff = [invoice.manager_id] if invoice.manager_id is not None else heads
        planned += [Planned(staff_id, InvoiceOverdue(invoice.id)) for staff_id in staff]
    if overdue_days >= policy.head_after_days:
        planned += [
            Planned(head_id, InvoiceEscalation(invoice.id, overdue_days)) for head_id in heads
        ]
    return planned


def invoice_next(
    invoice: InvoiceFacts,
    clients: list[Recipient],
    now: datetime,
    policy: ReminderPolicy,
    agency: ZoneInfo,
) -> datetime | None:
    """When `invoice_reminders` can next say something new."""
    moments = [
        datetime.combine(invoice.due_date + timedelta(days=days), time(0), tzinfo=agency)
        for days in (1, policy.head_after_days)
    ]
    if invoice.chased:
        for client in clients:
            zone = ZoneInfo(client.timezone)
            moments += [
                policy.send_moment(invoice.due_date + timedelta(days=offset), zone)
                for offset in policy.offsets
            ]
            if invoice.snoozed_until is not None:
                moments.append(policy.send_moment(invoice.snoozed_until, zone))
    return next_after(now, moments)


def _invoice_step(
    invoice: InvoiceFacts, zone: ZoneInfo, now: datetime, policy: ReminderPolicy
) -> InvoiceReminder | None:
    """The latest reminder step that is due (earlier missed ones are stale). Its offset,
    in days from the due date, is its place in the series."""
    snooze_at = None
    if invoice.snoozed_until is not None:
        snooze_at = policy.send_moment(invoice.snoozed_until, zone)
        if now < snooze_at:
            return None
    # A step whose moment came before the invoice was issued is not a reminder: an
    # invoice issued on Tuesday, due Thursday, first hears on Thursday.
    issued_at = invoice.issued_at
    due_offsets = [
        offset
        for offset in policy.offsets
        if (moment := policy.send_moment(invoice.due_date + timedelta(days=offset), zone)) <= now
        and (snooze_at is None or moment > snooze_at)
        and (issued_at is None or moment >= issued_at)
    ]
    if due_offsets:
        latest = max(due_offsets)
        return InvoiceReminder(invoice.id, _invoice_step_of(latest), latest)
    if invoice.snoozed_until is not None:
        return InvoiceReminder(
            invoice.id,
            ReminderStep.SNOOZED,
            (invoice.snoozed_until - invoice.due_date).days,
            snoozed_until=invoice.snoozed_until,
        )
    return None


def _invoice_step_of(offset: int) -> ReminderStep:
    if offset < 0:
        return ReminderStep.BEFORE
    if offset == 0:
        return ReminderStep.TODAY
    return ReminderStep.OVERDUE
