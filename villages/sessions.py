"""When a signed-in session was last renewed (see ntm_portal SessionActivityMiddleware)."""

import time
from typing import Any

from django.http import HttpRequest

from villages.selectors import profile_of

ACTIVITY_KEY = "_activity"
# In the session of an account signed in with its initial password (Profile.
# must_change_password), read by ntm_portal's InitialPasswordMiddleware: a session key,
# not a query on every page.
CHANGE_PASSWORD_KEY = "_must_change_password"


def mark_activity(request: HttpRequest) -> None:
    request.session[ACTIVITY_KEY] = int(time.time())


def seconds_since_activity(request: HttpRequest) -> float:
    return time.time() - request.session.get(ACTIVITY_KEY, 0)


def on_login(sender: Any, request: HttpRequest | None, user: Any = None, **kwargs: Any) -> None:
    """A session saved at sign-in is fresh: no need to renew it on the next page. An
    account with an initial password is sent to the password change first."""
    if request is not None:
        mark_activity(request)
        profile = profile_of(user) if user is not None else None
        if profile is not None and profile.must_change_password:
            request.session[CHANGE_PASSWORD_KEY] = True
