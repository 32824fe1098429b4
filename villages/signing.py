"""Who signs a document, checked against who issues it (Nghị định 30/2020/NĐ-CP, Điều 58
and Phụ lục I).

The body in the header, the abbreviation in the number (Số: 25/BC-UBND), the signing
form and the position must name the same body:
- "TM." (thay mặt) + the issuing body, signed by its head: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH;
- "KT." (ký thay) + the head's position, signed by a deputy: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH;
- "Q." (quyền) + the head's position, signed by the acting head: Q. CHỦ TỊCH / PHÓ CHỦ TỊCH;
- "TL." (thừa lệnh) + the head's position, signed by the head of an office:
  TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG.
A committee that decides collectively (an Ủy ban nhân dân) always signs "TM." or "KT.";
a body whose head signs in their own name (a Ban chỉ đạo) may sign with no form.

The commune's settings (the monthly report) and the plan's (the plan) are validated with
`signing_errors`; the documents print `signing_lines`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Body:
    name: str
    """As the header prints it, without the commune: ỦY BAN NHÂN DÂN."""
    abbreviation: str
    """In the number: BC-UBND."""
    head: str
    deputy: str


BODIES = (
    Body("ỦY BAN NHÂN DÂN", "UBND", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    Body("BAN CHỈ ĐẠO", "BCĐ", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
)
FORMS = ("TM.", "KT.", "Q.", "TL.")
DEFAULT_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_TITLE = "CHỦ TỊCH"


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def body_for(issuing_body: str) -> Body | None:
    """The known body the header names ("Ban Chỉ đạo xây dựng NTM xã" is a Ban chỉ đạo)."""
    name = _upper(issuing_body)
    for body in BODIES:
        if name.startswith(body.name):
            return body
    return None


def expected_forms(issuing_body: str) -> list[tuple[str, str]]:
    """The combinations Nghị định 30 expects for this issuing body, for the settings'
    help: [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]."""
    body = body_for(issuing_body)
    if body is None:
        return [(f"TM. {_upper(issuing_body)}", "")]
    return [(f"TM. {body.name}", body.head), (f"KT. {body.head}", body.deputy)]


def signing_errors(
    *, issuing_body: str, number_suffix: str, authority: str, title: str
) -> list[str]:
    """What does not agree, as sentences for the settings form; [] when it is consistent.
    `number_suffix` is the part after the slash ("BC-UBND"), or "" when not known."""
    errors = []
    body = body_for(issuing_body)
    authority, title = _upper(authority), _upper(title)
    form, _space, named = authority.partition(" ")
    expected = "; ".join(f"{a} / {t}" for a, t in expected_forms(issuing_body))
    if not title:
        errors.append(_("Enter the signer's position."))
    if authority and form not in FORMS:
        errors.append(
            _("The signing form must start with TM., KT., Q. or TL. (e.g. %(expected)s).")
            % {"expected": expected}
        )
    elif form == "TM." and not _upper(issuing_body).startswith(named.split(" XÃ")[0]):
        errors.append(
            _('"TM." is followed by the issuing body (%(body)s), not %(named)s.')
            % {"body": _upper(issuing_body), "named": named}
        )
    elif body is not None:
        if not authority and body.abbreviation == "UBND":
            errors.append(
                _("A People's Committee signs on behalf of the committee: %(expected)s.")
                % {"expected": expected}
            )
        if form == "TM." and title and title != body.head:
            errors.append(
                _('Signing "TM." is for the head (%(head)s); a deputy signs "KT. %(head)s".')
                % {"head": body.head}
            )
        if form in ("KT.", "Q.", "TL.") and named != body.head:
            errors.append(
                _('"%(form)s" is followed by the head\'s position (%(head)s), not %(named)s.')
                % {"form": form, "head": body.head, "named": named}
            )
        if form == "KT." and title and title == body.head:
            errors.append(
                _('"KT." is used when a deputy signs (%(deputy)s), not the head.')
                % {"deputy": body.deputy}
            )
        abbreviation = number_suffix.rpartition("-")[2].upper() if number_suffix else ""
        if abbreviation and abbreviation != body.abbreviation.upper():
            errors.append(
                _("The number ends in %(found)s but the issuing body is abbreviated %(abbr)s.")
                % {"found": abbreviation, "abbr": body.abbreviation}
            )
    return errors


def signing_lines(authority: str, title: str) -> list[str]:
    """The block above the signature: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]; the head of a body
    signing in their own name has one line."""
    return [line for line in (_upper(authority), _upper(title)) if line]
