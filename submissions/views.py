"""Pages of the bodies' monthly reports: the month's overview, a body's report (read,
submit) and sending it back."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from criteria.periods import add_months, current_month, is_future
from criteria.services import is_month_closed
from submissions.access import can_send_back, can_submit, get_body_for_submission
from submissions.forms import SendBackForm, SubmissionForm
from submissions.models import Submission, state_of
from submissions.selectors import figures_to_confirm, submission_history, submissions_overview
from submissions.services import submission_send_back, submission_submit
from villages.access import commune_for_user
from villages.conflicts import StaleEdit, version_marker
from villages.models import ResponsibleBody


@require_safe
@login_required
def submissions_current(request: HttpRequest) -> HttpResponse:
    """The menu's entry point: this month's reports."""
    return redirect("submissions:submissions", month=current_month())


@require_safe
@login_required
def submissions(request: HttpRequest, month: datetime.date) -> HttpResponse:
    """Every body and village with the state of its report for `month`."""
    commune = commune_for_user(request.user)
    if is_future(month):
        raise Http404
    overview = submissions_overview(commune, month)
    next_month = add_months(month, 1)
    return render(
        request,
        "submissions/submissions.html",
        {
            "overview": overview,
            "month": month,
            "previous_month": add_months(month, -1),
            "next_month": None if is_future(next_month) else next_month,
            "is_current": month == current_month(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def submission(request: HttpRequest, month: datetime.date, body_pk: int) -> HttpResponse:
    """A body's report for `month`: read by everyone, submitted by its members or the
    standing member. A future month has no page, and a POST for it is refused."""
    body = get_body_for_submission(request.user, body_pk, write=request.method == "POST")
    if request.method != "POST":
        if is_future(month):
            raise Http404
        return _body_page(request, body, month)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        return _body_page(request, body, month, form=form)
    try:
        submission_submit(
            body=body,
            month=month,
            user=request.user,
            base=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in SubmissionForm.Meta.fields},
        )
    except StaleEdit as conflict:
        return _conflict_page(request, body, month, conflict, form=form)
    except ValidationError as error:
        form.add_error(None, error)
        return _body_page(request, body, month, form=form)
    messages.success(request, _("The report of %(body)s has been sent.") % {"body": body})
    return redirect("submissions:submission", month=month, body_pk=body.pk)


@require_POST
@login_required
def send_back(request: HttpRequest, month: datetime.date, body_pk: int) -> HttpResponse:
    """The standing member returns a report to its body with a note."""
    body = get_body_for_submission(request.user, body_pk, send_back=True)
    current = Submission.objects.filter(body=body, month=month).first()
    if current is None:
        raise Http404
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _body_page(request, body, month, send_back_form=form)
    try:
        submission_send_back(
            submission=current,
            user=request.user,
            note=form.cleaned_data["note"],
            base=form.cleaned_data["version"],
        )
    except StaleEdit as conflict:
        return _conflict_page(request, body, month, conflict)
    except ValidationError as error:
        form.add_error(None, error)
        return _body_page(request, body, month, send_back_form=form)
    messages.success(request, _("The report of %(body)s has been sent back.") % {"body": body})
    return redirect("submissions:submission", month=month, body_pk=body.pk)


def _conflict_page(
    request: HttpRequest,
    body: ResponsibleBody,
    month: datetime.date,
    conflict: StaleEdit,
    form: SubmissionForm | None = None,
) -> HttpResponse:
    """Nothing is saved; the page shows the report as it is now. The user's own text
    stays in the form, now based on the current version, to send again if still right."""
    for message in conflict.messages:
        messages.error(request, message)
    if form is not None:
        data = form.data.copy()
        data["version"] = version_marker(conflict.current)
        form = SubmissionForm(data)
    return _body_page(request, body, month, form=form, status=409)


def _body_page(
    request: HttpRequest,
    body: ResponsibleBody,
    month: datetime.date,
    *,
    form: SubmissionForm | None = None,
    send_back_form: SendBackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    current = (
        Submission.objects.select_related("submitted_by", "sent_back_by")
        .filter(body=body, month=month)
        .first()
    )
    is_open = not is_future(month) and not is_month_closed(body.commune, month)
    may_submit = is_open and can_submit(request.user, body)
    may_send_back = is_open and can_send_back(request.user) and current and not current.sent_back
    version = version_marker(current)
    if form is None and may_submit:
        # A resubmission confirms the figures again: never arrives ticked.
        form = SubmissionForm(
            instance=current, initial={"version": version, "indicators_confirmed": False}
        )
    if send_back_form is None and may_send_back:
        send_back_form = SendBackForm(initial={"version": version})
    due_date = body.commune.due_date(month)
    context = {
        "body": body,
        "month": month,
        "submission": current,
        "state": state_of(current, due_date),
        "due_date": due_date,
        "cutoff_date": body.commune.cutoff_date(month),
        "is_open": is_open,
        "form": form,
        "send_back_form": send_back_form,
        "history": submission_history(current),
        "indicators": figures_to_confirm(body, month) if form is not None else [],
    }
    return render(request, "submissions/submission_form.html", context, status=status)
