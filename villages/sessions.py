"""When a signed-in session was last renewed (see ntm_portal SessionActivityMiddleware)."""

import time
from typing import Any

from django.http import HttpRequest

ACTIVITY_KEY = "_activity"


def mark_activity(request: HttpRequest) -> None:
    request.session[ACTIVITY_KEY] = int(time.time())


def seconds_since_activity(request: HttpRequest) -> float:
    return time.time() - request.session.get(ACTIVITY_KEY, 0)


def on_login(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A session saved at sign-in is fresh: no need to renew it on the next page."""
    if request is not None:
        mark_activity(request)
