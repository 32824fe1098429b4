from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from villages.selectors import current_commune


def commune(request: HttpRequest) -> dict[str, object]:
    """The commune's name for the page header; evaluated only when a template uses it."""
    return {"commune": SimpleLazyObject(current_commune)}
