"""Who may write, approve and send the commune's monthly report (everyone signed in
reads it). The commune itself comes from `villages.access.commune_for_user`."""

from __future__ import annotations

from villages.access import User, is_head, is_standing_member


def can_edit_report(user: User) -> bool:
    """The standing member writes, sends and reopens the commune's monthly report."""
    return is_standing_member(user)


def can_approve_report(user: User) -> bool:
    """Only the head of the steering committee approves it."""
    return is_head(user)
