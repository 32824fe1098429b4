"""The province administrator's pages: the province's communes, creating one and
editing its group and settings, its villages, its responsible bodies, its first
accounts, and deactivating (after a confirmation page) or reactivating an account. A
module of its own beside the coordination office's pages (views.py), which only read.

Every view starts with an access helper of province/access.py: the administrator of
province P reaches P's communes only (another province's: 404); coordinators and a
commune's roles get 403. Every write is a service of villages/services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from province.access import (
    account_of_admin,
    body_of_admin,
    commune_of_admin,
    province_of_admin,
    village_of_admin,
)
from province.forms import AccountForm, ActiveForm, CommuneForm, DeactivateForm, VillageForm
from province.selectors import commune_accounts, province_communes
from villages.bodies import BodyRowForm
from villages.models import Commune, ResponsibleBody, Village
from villages.services import (
    account_create,
    account_set_active,
    body_save,
    commune_save,
    village_save,
)

FORM_METHODS = ["GET", "HEAD", "POST"]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_page(
    request: HttpRequest, form: Any, *, title: str, commune: Commune | None = None
) -> HttpResponse:
    status = 400 if form.is_bound else 200
    context = {"form": form, "title": title, "target": commune}
    return render(request, "province/setup_form.html", context, status=status)


def _save(form: Any, write: Any) -> Any:
    """The service's result, or None with its refusal shown on the form."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


@require_safe
@login_required
def communes(request: HttpRequest) -> HttpResponse:
    province = province_of_admin(request.user)
    context = {"province": province, "communes": province_communes(province)}
    return render(request, "province/communes.html", context)


@require_http_methods(FORM_METHODS)
@login_required
def commune_create(request: HttpRequest) -> HttpResponse:
    province = province_of_admin(request.user)
    form = CommuneForm(_posted(request), province=province)
    if form.is_valid():
        commune = _save(form, lambda: commune_save(form=form, province=province))
        if commune is not None:
            messages.success(request, _("%(commune)s was created.") % {"commune": commune})
            return redirect("province:commune", pk=commune.pk)
    return _form_page(request, form, title=_("New commune"))


@require_safe
@login_required
def commune_page(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_of_admin(request.user, pk)
    context = {
        "target": commune,
        "villages": commune.villages.all(),
        "bodies": commune.bodies.select_related("village"),
        "accounts": commune_accounts(commune),
    }
    return render(request, "province/commune.html", context)


@require_http_methods(FORM_METHODS)
@login_required
def commune_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_of_admin(request.user, pk)
    form = CommuneForm(_posted(request), instance=commune, province=commune.province)
    if form.is_valid() and _save(form, lambda: commune_save(form=form, province=commune.province)):
        messages.success(request, _("The commune was saved."))
        return redirect("province:commune", pk=pk)
    return _form_page(request, form, title=_("Edit %(commune)s") % {"commune": commune})


@require_http_methods(FORM_METHODS)
@login_required
def village_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_of_admin(request.user, pk)
    return _village(request, commune, Village(commune=commune))


@require_http_methods(FORM_METHODS)
@login_required
def village_edit(request: HttpRequest, pk: int, village_pk: int) -> HttpResponse:
    commune, village = village_of_admin(request.user, pk, village_pk)
    return _village(request, commune, village)


def _village(request: HttpRequest, commune: Commune, village: Village) -> HttpResponse:
    new = village.pk is None
    form = VillageForm(_posted(request), instance=village)
    if form.is_valid() and _save(form, lambda: village_save(form=form, commune=commune)):
        messages.success(request, _("The village was saved."))
        return redirect("province:commune", pk=commune.pk)
    title = _("New village") if new else _("Edit %(village)s") % {"village": village}
    return _form_page(request, form, title=title, commune=commune)


@require_http_methods(FORM_METHODS)
@login_required
def body_create(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_of_admin(request.user, pk)
    return _body(request, commune, ResponsibleBody(commune=commune))


@require_http_methods(FORM_METHODS)
@login_required
def body_edit(request: HttpRequest, pk: int, body_pk: int) -> HttpResponse:
    commune, body = body_of_admin(request.user, pk, body_pk)
    return _body(request, commune, body)


def _body(request: HttpRequest, commune: Commune, body: ResponsibleBody) -> HttpResponse:
    new = body.pk is None
    form = BodyRowForm(_posted(request), instance=body, commune=commune)
    if form.is_valid() and _save(form, lambda: body_save(form=form, commune=commune)):
        messages.success(request, _("The body was saved."))
        return redirect("province:commune", pk=commune.pk)
    title = _("New responsible body") if new else _("Edit %(body)s") % {"body": body}
    return _form_page(request, form, title=title, commune=commune)


@require_http_methods(FORM_METHODS)
@login_required
def account_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    commune = commune_of_admin(request.user, pk)
    form = AccountForm(_posted(request), commune=commune)
    if form.is_valid():
        data = form.cleaned_data
        created = _save(form, lambda: account_create(commune=commune, **data))
        if created is not None:
            # Rendered, not redirected: the password is shown in this response only, and
            # is kept nowhere but as its hash.
            account, password = created
            context = {"target": commune, "account": account, "password": password}
            response = render(request, "province/account_created.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return _form_page(request, form, title=_("New account"), commune=commune)


@require_POST
@login_required
def account_active(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Reactivate an account. Without the check box (an old page, a stray POST) nothing
    changes: deactivating goes through its confirmation page, where the user is sent."""
    commune, account = account_of_admin(request.user, pk, user_pk)
    form = ActiveForm(request.POST)
    form.is_valid()  # a lone check box
    if not form.cleaned_data.get("active"):
        return redirect("province:account_deactivate", pk=commune.pk, user_pk=account.pk)
    return _set_active(request, commune, account, active=True)


@require_http_methods(FORM_METHODS)
@login_required
def account_deactivate(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """GET: who is deactivated and what it means; POST (the page's form): deactivate."""
    commune, account = account_of_admin(request.user, pk, user_pk)
    form = DeactivateForm(_posted(request))
    if form.is_valid():
        return _set_active(request, commune, account, active=False)
    context = {"target": commune, "account": account, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "province/account_deactivate.html", context, status=status)


def _set_active(
    request: HttpRequest, commune: Commune, account: Any, *, active: bool
) -> HttpResponse:
    try:
        account_set_active(account=account, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%(user)s can sign in again.") if active else _("%(user)s can no longer sign in.")
        messages.success(request, done % {"user": account.get_username()})
    return redirect("province:commune", pk=commune.pk)
