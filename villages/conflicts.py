"""One stale-edit error for every form that edits a versioned row (figures, a body's
monthly report, the commune report's narrative, a task), with the one marker a form
carries to detect it.

A form carries `version_marker(row)` of the row it showed ("<pk>:<version>", "" when
there was none yet); the service compares it with the row as it is now, under a lock,
and raises `StaleEdit` when they differ: nothing is saved, and the user reads what
changed, who changed it, when, and the current value, in the same words on every page.

It lives in `villages/`, the bottom floor, because every floor that edits rows
(criteria, plans, submissions, reports) already imports `villages` and `villages`
imports no app: no new package, and the floors stay acyclic. It knows no model."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MARKER_PATTERN = re.compile(r"^(\d+:\d+)?$")
DAMAGED = gettext_lazy("The form was damaged: open the page again.")


class Versioned(Protocol):
    pk: Any
    version: int


def version_marker(row: Versioned | None) -> str:
    """What a form carries to detect a stale edit: "<pk>:<version>" of the row it
    showed, "" when there was none. The pk matters as much as the version: a figure's
    newest record may become another row (a new month's) with the same version."""
    return f"{row.pk}:{row.version}" if row is not None else ""


def is_stale(row: Versioned | None, marker: str) -> bool:
    return version_marker(row) != marker


class VersionMarkerField(forms.CharField):
    """The hidden field with the marker of the row the form showed. It may be empty (no
    row yet), but a `required` one must be sent: a form without it is damaged."""

    widget = forms.HiddenInput

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        self.must_be_sent = required
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> str:
        if value is None and self.must_be_sent:
            raise ValidationError(DAMAGED, code="marker")
        value = super().clean(value)
        if not MARKER_PATTERN.match(value):
            raise ValidationError(DAMAGED, code="marker")
        return value


def last_change(row: Any) -> tuple[Any, datetime.datetime | None]:
    """Who saved the row last and when, from its history (django-simple-history)."""
    record = row.history.select_related("history_user").first() if row is not None else None
    if record is None:
        return None, None
    return record.history_user, record.history_date


@dataclass(frozen=True)
class Change:
    """One row someone else changed after the form was loaded."""

    what: str
    """What changed, as the user knows it: "Thôn Hợp Lộc – 17.1", "Task …"."""
    current: str
    """Its current value, as the page shows it."""
    by: Any = None
    at: datetime.datetime | None = None
    marker: str = ""
    """The current row's marker: a page that shows the form again carries it, so that
    saving again is a deliberate choice to replace what the other person saved."""
    key: str = ""
    """Which part of a form with several rows it belongs to (a figure's cell key)."""

    @property
    def message(self) -> str:
        who = (self.by.get_full_name() or self.by.get_username()) if self.by else "—"
        when = f"{timezone.localtime(self.at):%H:%M %d/%m/%Y}" if self.at else "—"
        return _(
            "%(what)s was changed by %(who)s at %(when)s, after you opened the form; it is "
            "now: %(current)s. Nothing was saved: check it and save again if yours is still "
            "right."
        ) % {"what": self.what, "who": who, "when": when, "current": self.current}


class StaleEdit(ValidationError):
    """Someone saved these rows after the form was loaded; nothing was written.

    A ValidationError whose messages are the changes' messages, so a view may add it to
    a form as it is; catch it before ValidationError when the page does more (shows the
    current row, carries the new markers)."""

    def __init__(self, changes: list[Change], current: Any = None) -> None:
        self.changes = changes
        self.current = current
        """The row as it is now (None if it has gone), for a page showing one row."""
        super().__init__([change.message for change in changes], code="stale")
