"""Who may see and change monthly figures.

Everyone signed in sees every indicator and village (the programme's principle is that
people know and discuss); writing depends on the role:
- standing member: every figure of the commune;
- body officer: the indicators their bodies lead or support;
- village head: the per-village figures of their own village;
- head and superior-level viewer: nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404

from criteria.models import Indicator, IndicatorAssignment
from criteria.sets import criteria_set_for
from villages.access import User, body_ids, role_of
from villages.models import Commune, Role, Village


class Scope:
    """What one user may write in the commune, computed once per request (2 queries)."""

    def __init__(self, user: User, commune: Commune) -> None:
        self.role = role_of(user)
        self.all = self.role == Role.STANDING
        self.indicator_ids: set[int] = set()
        self.village_ids: set[int] = set()
        bodies = body_ids(user)
        if self.role == Role.OFFICER and bodies:
            self.indicator_ids = set(
                IndicatorAssignment.objects.filter(body__in=bodies).values_list(
                    "indicator_id", flat=True
                )
            )
        if self.role == Role.VILLAGE_HEAD and bodies:
            self.village_ids = set(
                Village.objects.filter(commune=commune, body__in=bodies).values_list(
                    "pk", flat=True
                )
            )

    @property
    def key(self) -> str:
        """Everything a page of the month may show differently for this scope (the part
        of a cache key that names the reader, villages/cache.py)."""
        return "-".join(
            (
                str(self.role),
                ",".join(map(str, sorted(self.indicator_ids))),
                ",".join(map(str, sorted(self.village_ids))),
            )
        )

    @property
    def writes_anything(self) -> bool:
        return self.all or bool(self.indicator_ids or self.village_ids)

    def owns_indicator(self, indicator: Indicator) -> bool:
        """The user's own indicators come first on the month page."""
        return indicator.pk in self.indicator_ids or (
            indicator.per_village and bool(self.village_ids)
        )

    def can_write(self, indicator: Indicator, village: Village | None) -> bool:
        if self.all or indicator.pk in self.indicator_ids:
            return True
        return village is not None and indicator.per_village and village.pk in self.village_ids


def get_indicator(commune: Commune, code: str, month: datetime.date) -> Indicator:
    """An indicator of the set that assesses the commune in `month` (criteria.sets), by
    code; 404 when there is none (every signed-in user may read every indicator: what
    they may write is the Scope's)."""
    criteria_set = criteria_set_for(commune, month)
    indicator = (
        Indicator.objects.filter(criteria_set=criteria_set, code=code)
        .select_related("criterion", "criteria_set")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def get_village_for_user(
    user: User, commune: Commune, pk: int, *, write: bool = False
) -> tuple[Village, Scope]:
    """A village of the commune (404 otherwise); 403 when `write` and the user may not
    enter its figures."""
    village = Village.objects.filter(commune=commune, pk=pk).first()
    if village is None:
        raise Http404
    scope = Scope(user, commune)
    if write and not (scope.all or scope.indicator_ids or village.pk in scope.village_ids):
        raise PermissionDenied
    return village, scope


def may_choose_set(user: User) -> bool:
    """Who chooses the set that assesses a commune: the commune's standing member (its
    administrator in a single-commune installation), the province administrator, or a
    superuser."""
    return bool(user.is_superuser) or role_of(user) in (Role.STANDING, Role.PROVINCE_ADMIN)


def require_standing_member(user: User) -> None:
    if role_of(user) != Role.STANDING:
        raise PermissionDenied
