from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from villages.access import NoCommune, commune_for_user, is_province_admin, is_province_user
from villages.models import Commune


def commune(request: HttpRequest) -> dict[str, object]:
    """The user's commune for the page header (None when signed out or attached to no
    commune); evaluated only when a template uses it."""

    def resolve() -> Commune | None:
        try:
            return commune_for_user(request.user)
        except NoCommune:
            return None

    return {
        "commune": SimpleLazyObject(resolve),
        # The province menu, for province accounts only: a commune's users never see it.
        "province_reader": SimpleLazyObject(lambda: is_province_user(request.user)),
        "province_admin": SimpleLazyObject(lambda: is_province_admin(request.user)),
    }
