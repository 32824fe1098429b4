"""The signing form checked against the issuing body (Nghị định 30/2020/NĐ-CP)."""

import pytest
from django.core.exceptions import ValidationError

from villages.models import Commune, Province
from villages.signing import expected_forms, signing_errors, signing_lines

UBND = "ỦY BAN NHÂN DÂN"


def errors(authority, title, body=UBND, suffix="BC-UBND"):
    return signing_errors(issuing_body=body, number_suffix=suffix, authority=authority, title=title)


@pytest.mark.parametrize(
    ("authority", "title"),
    [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")],
)
def test_the_forms_nghi_dinh_30_expects_for_a_peoples_committee(authority, title):
    assert errors(authority, title) == []
    assert (authority, title) in expected_forms(UBND)


@pytest.mark.parametrize(
    ("authority", "title", "body", "suffix"),
    [
        ("TM. BAN CHỈ ĐẠO XÃ", "PHÓ TRƯỞNG BAN", UBND, "BC-UBND"),  # the seed plan's mix
        ("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", UBND, "BC-UBND"),  # a deputy signs KT.
        ("KT. CHỦ TỊCH", "CHỦ TỊCH", UBND, "BC-UBND"),  # the head does not sign KT.
        ("KT. TRƯỞNG BAN", "PHÓ CHỦ TỊCH", UBND, "BC-UBND"),  # KT. names the head
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", UBND, "BC-BCĐ"),  # number of another body
        ("", "CHỦ TỊCH", UBND, "BC-UBND"),  # a committee signs TM.
        ("THAY MẶT UBND", "CHỦ TỊCH", UBND, "BC-UBND"),  # not a form
    ],
)
def test_inconsistent_combinations_are_named(authority, title, body, suffix):
    assert errors(authority, title, body, suffix)


def test_a_steering_committee_signs_for_itself():
    body = "BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI"
    assert errors("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", body, "BC-BCĐ") == []
    assert errors("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", body, "BC-BCĐ") == []


def test_signing_lines_leave_out_an_empty_form():
    assert signing_lines("kt. chủ tịch", "Phó Chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signing_lines("", "TRƯỞNG BAN") == ["TRƯỞNG BAN"]


def test_commune_defaults_are_consistent_and_a_mix_is_refused():
    commune = Commune(name="Thử", province=Province(name="Thanh Hóa"))
    assert commune.signing_problems() == []
    commune.signing_authority, commune.signer_title = "TM. BAN CHỈ ĐẠO XÃ", "PHÓ TRƯỞNG BAN"
    with pytest.raises(ValidationError) as error:
        commune.clean()
    assert "signing_authority" in error.value.message_dict
