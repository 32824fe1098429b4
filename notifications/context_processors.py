from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def bell(request: HttpRequest) -> dict[str, object]:
    """The menu's unread count: one query, only on pages that draw the menu (signed in),
    and only when the template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
