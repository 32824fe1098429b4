"""Who may see and change a body's monthly submission. Views call this first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from villages.access import User, body_ids, commune_for_user, is_standing_member
from villages.models import BodyKind, ResponsibleBody

# The steering committee receives the reports (through its standing member); it does
# not report to itself.
NON_REPORTING_KINDS = (BodyKind.STEERING_COMMITTEE,)


def can_submit(user: User, body: ResponsibleBody) -> bool:
    """Members of the body (officers, village heads) and the standing member."""
    return is_standing_member(user) or body.pk in body_ids(user)


def can_send_back(user: User) -> bool:
    return is_standing_member(user)


def get_body_for_submission(
    user: User, body_pk: int, *, write: bool = False, send_back: bool = False
) -> ResponsibleBody:
    """The reporting body `body_pk` of the user's commune.

    Everyone signed in may read it (404 if it does not exist, is in another commune or
    does not report); `write` (submit) needs membership or the standing member, and
    `send_back` the standing member, else 403."""
    body = (
        ResponsibleBody.objects.select_related("commune")
        .exclude(kind__in=NON_REPORTING_KINDS)
        .filter(pk=body_pk, commune=commune_for_user(user))
        .first()
    )
    if body is None:
        raise Http404
    if write and not can_submit(user, body):
        raise PermissionDenied
    if send_back and not can_send_back(user):
        raise PermissionDenied
    return body
