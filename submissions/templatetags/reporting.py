"""`{% submission_state state %}`: a monthly report's state as a badge (templates/
submissions/_submission_state.html). A tag rather than an include: the dashboard and the
reports page list one per body and village, and an include costs ten times more."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def submission_state(state: str) -> SafeString:
    if state == "on_time":
        css, label = "success", gettext("Submitted on time")
    elif state == "late":
        css, label = "warning", gettext("Submitted late")
    elif state == "sent_back":
        css, label = "danger", gettext("Sent back")
    else:
        css, label = "secondary", gettext("Not submitted")
    return format_html('<span class="badge text-bg-{}">{}</span>', css, label)
