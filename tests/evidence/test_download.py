"""Seeing and downloading evidence per role; photos with and without EXIF; deleting."""

import io

import pytest
from django.urls import reverse
from django.utils.timezone import localtime
from PIL import Image

from criteria.services import month_close
from evidence.models import Evidence
from tests.evidence import files
from tests.evidence.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")

PAGE = reverse("criteria:indicator_month", kwargs={"month": MARCH, "code": "17.1"})


@pytest.fixture
def attach(login):
    def attach_files(*uploads, kind="photo", username="thuongtruc", **fields):
        login(username).post(
            reverse("evidence:upload_figure", kwargs={"month": MARCH}),
            {"indicator": "17.1", "kind": kind, "files": list(uploads), **fields},
        )
        return Evidence.objects.order_by("-pk").first()

    return attach_files


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_exif_date_and_position_are_read_and_shown(attach, login):
    evidence = attach(files.jpeg())
    # Cameras write local time: read in the commune's time zone.
    assert localtime(evidence.taken_at).strftime("%d/%m/%Y %H:%M") == "12/03/2024 09:15"
    assert evidence.location_text == "19.95, 105.42"
    html = login("ubnd").get(PAGE).content.decode()
    assert "chụp ngày 12/03/2024 tại 19.95, 105.42" in html


def test_photo_without_exif_has_no_facts(attach):
    evidence = attach(files.jpeg(taken=None, latitude=None))
    assert evidence.taken_at is None and not evidence.has_location


def test_member_downloads_original_inline(attach, login):
    evidence = attach(files.jpeg())
    response = login("ubnd").get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body_of(response) == files.jpeg_bytes()


def test_outsider_gets_photo_without_exif(attach, login):
    evidence = attach(files.jpeg())
    response = login("captren").get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 200
    picture = Image.open(io.BytesIO(body_of(response)))
    exif = picture.getexif()
    assert 0x010F not in exif  # the phone's make
    assert not exif.get_ifd(0x8825) and not exif.get_ifd(0x8769)
    assert picture.size == (64, 48)
    # Nor is the position on the page.
    assert "105.42" not in login("captren").get(PAGE).content.decode()


def test_document_is_an_attachment(attach, login):
    evidence = attach(files.pdf(), kind="decision")
    response = login("truongban").get(reverse("evidence:download", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "Quy%E1%BA%BFt" in response["Content-Disposition"]  # the Vietnamese name, RFC 5987
    assert response["Content-Type"] == "application/pdf"
    assert body_of(response) == files.PDF


def test_thumbnail(attach, login):
    evidence = attach(files.jpeg(size=(1200, 900)))
    response = login("ubnd").get(reverse("evidence:thumbnail", args=[evidence.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(body_of(response))).size) == 480


def test_document_has_no_thumbnail(attach, login):
    evidence = attach(files.pdf(), kind="decision")
    assert login("ubnd").get(reverse("evidence:thumbnail", args=[evidence.pk])).status_code == 404


def test_anonymous_is_sent_to_login(attach, client):
    evidence = attach(files.pdf(), kind="decision")
    client.logout()
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_or_other_commune_is_404(attach, login, make_user, commune):
    evidence = attach(files.pdf(), kind="decision")
    assert (
        login("ubnd").get(reverse("evidence:download", args=[evidence.pk + 1000])).status_code
        == 404
    )
    stranger = make_user("stranger", role="standing", commune=commune)
    client = login("ubnd")
    client.force_login(stranger)
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404


def test_download_is_get_only(attach, login):
    evidence = attach(files.pdf(), kind="decision")
    assert login("ubnd").post(reverse("evidence:download", args=[evidence.pk])).status_code == 405


def test_soft_delete_keeps_file_and_history(attach, login, stored_files):
    evidence = attach(files.pdf(), kind="decision")
    url = reverse("evidence:delete", args=[evidence.pk])
    assert login("hoinongdan").post(url, {"reason": "nhầm"}).status_code == 403
    login("ubnd").post(url, {"reason": ""})
    evidence.refresh_from_db()
    assert evidence.deleted_at is None
    login("ubnd").post(url, {"reason": "Tải nhầm quyết định"})
    evidence.refresh_from_db()
    assert evidence.deleted_by.username == "ubnd"
    assert evidence.deletion_reason == "Tải nhầm quyết định"
    assert evidence.history.count() == 2
    assert evidence.storage_name in [str(p) for p in stored_files()]
    # Gone from the pages and the download; listed as removed with who and why.
    assert login("ubnd").get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    html = login("ubnd").get(PAGE).content.decode()
    assert "Tải nhầm quyết định" in html


def test_closed_month_evidence_cannot_be_removed(attach, login, demo, users):
    evidence = attach(files.pdf(), kind="decision")
    month_close(commune=demo, month=MARCH, user=users["thuongtruc"])
    login("thuongtruc").post(reverse("evidence:delete", args=[evidence.pk]), {"reason": "x"})
    evidence.refresh_from_db()
    assert evidence.deleted_at is None
