"""What each user has to do next ("Việc cần làm"), gathered from every floor without
the home page or the dashboard importing the floors above them.

A registry on the lowest floor: each app registers, in its `AppConfig.ready()`, the
functions that turn its data into to-do items (criteria: figures due; submissions:
reports due, sent back, missing; plans: overdue tasks, criteria at risk; reports:
narratives to write, reports to approve or send, reports received). The home page asks
`todo_items(user, commune)`; the dashboard asks `document_states(commune, month)` for
the commune's own documents (the monthly report's state). Neither imports `reports`,
the top floor: the reports app registers itself.

Each provider answers in a fixed number of queries (usually one or two), so the home
page's count is the sum over the registered providers, whatever the data size."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.access import User, role_of
from villages.models import Commune


class Severity(enum.IntEnum):
    """Most urgent first: the list and the badge colours follow it."""

    OVERDUE = 0
    DUE = 1
    INFO = 2

    @property
    def css(self) -> str:
        return ("danger", "warning", "info")[self.value]

    @property
    def label(self) -> str:
        return (_("Overdue"), _("Due"), _("For information"))[self.value]


@dataclass(frozen=True)
class TodoItem:
    """One thing to do, with the page where it is done."""

    kind: str
    """A stable name for the item's kind (tests and templates use it): `figures_due`,
    `report_due`, `sent_back`, `missing_units`, `tasks_overdue`, …"""
    title: str
    url: str
    severity: Severity = Severity.DUE
    detail: str = ""
    due_date: datetime.date | None = None
    today: datetime.date = field(default_factory=timezone.localdate, compare=False)

    @property
    def days_left(self) -> int | None:
        """Days from today to the due date: 0 on the due day, negative when overdue."""
        if self.due_date is None:
            return None
        return (self.due_date - self.today).days

    @property
    def days_overdue(self) -> int | None:
        days_left = self.days_left
        return None if days_left is None else -days_left


@dataclass
class TodoContext:
    """What every provider is asked about: who, in which commune, on which day. `memo`
    lets two providers (or the home page and a provider) share one computation, e.g. the
    commune's status for the month, instead of running it twice."""

    user: User
    commune: Commune
    role: str | None
    today: datetime.date
    month: datetime.date
    """The current month: what is due is due in it."""
    status_month: datetime.date
    """The month whose standing the pages show (criteria.selectors.shown_month): the
    current one, or the latest with figures when nothing was recorded in it yet."""
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclass(frozen=True)
class DocumentState:
    """The state of one of the commune's own documents for a month (the dashboard shows
    it near the top): e.g. the monthly report, draft / waiting for approval / sent / late."""

    title: str
    state: str
    label: str
    url: str
    severity: Severity
    detail: str = ""


TodoProvider = Callable[[TodoContext], Iterable[TodoItem]]
DocumentStateProvider = Callable[[Commune, datetime.date], DocumentState | None]

_todo_providers: dict[str, TodoProvider] = {}
_document_providers: dict[str, DocumentStateProvider] = {}


def register(name: str, provider: TodoProvider) -> None:
    """Called from an app's `ready()`; registering a name again replaces it (ready() may
    run twice under the test runner's reloads)."""
    _todo_providers[name] = provider


def register_document_state(name: str, provider: DocumentStateProvider) -> None:
    _document_providers[name] = provider


def todo_context(
    user: User, commune: Commune, status_month: datetime.date | None = None
) -> TodoContext:
    """The context for `user` today; `status_month` defaults to the current month."""
    today = timezone.localdate()
    month = today.replace(day=1)
    return TodoContext(
        user=user,
        commune=commune,
        role=role_of(user),
        today=today,
        month=month,
        status_month=status_month or month,
    )


def todo_items(context: TodoContext) -> list[TodoItem]:
    """Every provider's items, most urgent first, then by due date (undated last)."""
    items = [item for provider in _todo_providers.values() for item in provider(context)]
    far = datetime.date.max
    return sorted(items, key=lambda item: (item.severity, item.due_date or far))


def document_states(commune: Commune, month: datetime.date) -> list[DocumentState]:
    states = (provider(commune, month) for provider in _document_providers.values())
    return [state for state in states if state is not None]
