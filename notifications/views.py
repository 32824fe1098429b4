"""The bell's pages: the list (read / unread, mark all read), opening a notification (read,
then its page), the person's choices per kind, and unsubscribing from an e-mail link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notifications.forms import PreferencesForm
from notifications.models import Kind, Notification
from notifications.selectors import PAGE_SIZE, notifications_for, preferences_for
from notifications.services import (
    notification_open,
    notifications_mark_all_read,
    preference_unsubscribe,
    preferences_save,
    unsubscribe_read,
)


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notifications_for(request.user, unread_only=unread_only), PAGE_SIZE)
    return render(
        request,
        "notifications/list.html",
        {"page": page.get_page(request.GET.get("page")), "unread_only": unread_only},
    )


@require_POST
@login_required
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the page where the work is done. Someone else's: 404."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    url = notification_open(notification=notification)
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(url)


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    # Unchecked boxes are not posted: a POST with none checked is still a submission.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, initial_choices=preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """From the link in an e-mail, signed in or not: GET asks (a mail scanner that opens
    links changes nothing), POST turns that kind's e-mails off."""
    found = unsubscribe_read(token)
    if found is None:
        raise Http404
    user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        raise Http404
    kind = Kind(found[1])
    done = request.method == "POST"
    if done:
        preference_unsubscribe(user=user, kind=kind)
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
