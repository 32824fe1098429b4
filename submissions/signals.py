"""Events of the bodies' reports that the floors above may act on (notifications
listens). Sent once the write's transaction has committed, through `announce`, so a
rolled-back write announces nothing and a failing listener never undoes the write."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal

# submission: the Submission just sent back; user: the standing member who did it.
submission_sent_back = Signal()


def announce(signal: Signal, **kwargs: Any) -> None:
    """Send `signal` after the current transaction commits; a listener's exception is
    logged by Django (send_robust), never raised into the request."""
    transaction.on_commit(partial(signal.send_robust, sender=None, **kwargs))
