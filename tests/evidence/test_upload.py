"""Attaching files from the indicator page, the village form, the task page and a body's
report, as each role."""

import pytest
from django.urls import reverse

from criteria.models import Indicator
from criteria.services import month_close
from evidence.models import Evidence
from plans.models import TaskUpdate
from submissions.models import Submission
from tests.evidence import files
from tests.evidence.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")

FIGURE_URL = reverse("evidence:upload_figure", kwargs={"month": MARCH})
PAGE = reverse("criteria:indicator_month", kwargs={"month": MARCH, "code": "17.1"})


def post_figure(client, *uploads, indicator="17.1", village="", **fields):
    data = {"indicator": indicator, "village": village, "kind": "decision", "next": PAGE}
    data.update(fields)
    data["files"] = list(uploads)
    return client.post(FIGURE_URL, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_standing_member_attaches_decision_to_commune_figure(login, stored_files):
    client = login("thuongtruc")
    response = post_figure(
        client,
        files.pdf(),
        title="Quyết định phê duyệt",
        document_number="12/QĐ-UBND",
        document_date="2024-03-05",
    )
    evidence = Evidence.objects.get()
    assert evidence.indicator.code == "17.1" and evidence.month == MARCH
    assert evidence.village is None
    assert evidence.document_number == "12/QĐ-UBND"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(files.PDF)
    assert len(evidence.sha256) == 64
    assert evidence.uploaded_by.username == "thuongtruc"
    assert evidence.original_name == "Quyết định 12.pdf"
    # Stored under a random name, not the person's.
    assert [str(p) for p in stored_files()] == [evidence.storage_name]
    assert "Quyết" not in evidence.storage_name
    assert response.redirect_chain[-1][0] == PAGE
    assert "Quyết định phê duyệt" in response.content.decode()


def test_several_files_in_one_upload(login):
    post_figure(login("thuongtruc"), files.pdf(), files.jpeg(), kind="photo")
    assert Evidence.objects.count() == 2


def test_photo_gets_thumbnail_and_copy_without_exif(login, stored_files):
    post_figure(login("thuongtruc"), files.jpeg(), kind="photo")
    evidence = Evidence.objects.get()
    assert evidence.thumbnail_name and evidence.redacted_name
    assert len(stored_files()) == 3


def test_village_head_attaches_to_own_village_only(login, demo):
    client = login("thon.hoploc")
    own = demo.villages.get(name="Hợp Lộc")
    other = demo.villages.exclude(pk=own.pk).first()
    post_figure(client, files.pdf(), village=str(own.pk))
    assert Evidence.objects.get().village == own
    assert post_figure(client, files.pdf("b.pdf"), village=str(other.pk)).status_code == 403
    # The whole commune's figure is not theirs either.
    assert post_figure(client, files.pdf("c.pdf")).status_code == 403
    assert Evidence.objects.count() == 1


def test_officer_of_another_body_gets_403(login, stored_files):
    response = post_figure(login("hoinongdan"), files.pdf())
    assert response.status_code == 403
    assert not Evidence.objects.exists() and stored_files() == []


@pytest.mark.parametrize("username", ["truongban", "captren"])
def test_readers_cannot_attach(login, username):
    assert post_figure(login(username), files.pdf()).status_code == 403
    assert not Evidence.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(FIGURE_URL, {"indicator": "17.1", "files": [files.pdf()]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Evidence.objects.exists()


def test_unknown_indicator_or_village_is_404(login):
    client = login("thuongtruc")
    assert post_figure(client, files.pdf(), indicator="99.9").status_code == 404
    assert post_figure(client, files.pdf(), village="999999").status_code == 404
    assert post_figure(client, files.pdf(), village="abc").status_code == 404


def test_village_given_for_commune_only_indicator_is_404(login, demo):
    village = demo.villages.first()
    assert (
        post_figure(
            login("thuongtruc"), files.pdf(), indicator="1.1", village=str(village.pk)
        ).status_code
        == 404
    )


def test_get_is_not_allowed(login):
    assert login("thuongtruc").get(FIGURE_URL).status_code == 405


def test_same_file_twice_on_same_item_is_recognised(login):
    client = login("thuongtruc")
    post_figure(client, files.pdf())
    response = post_figure(client, files.pdf("copy.pdf"))
    assert Evidence.objects.count() == 1
    text = " ".join(messages_of(response))
    assert "copy.pdf" in text and "đã được đính kèm" in text


def test_same_file_on_another_item_is_fine(login):
    client = login("thuongtruc")
    post_figure(client, files.pdf())
    post_figure(client, files.pdf(), indicator="17.2")
    assert Evidence.objects.count() == 2


def test_closed_month_is_frozen(login, demo, users, stored_files):
    month_close(commune=demo, month=MARCH, user=users["thuongtruc"])
    response = post_figure(login("thuongtruc"), files.pdf())
    assert not Evidence.objects.exists() and stored_files() == []
    assert "đã khóa" in " ".join(messages_of(response))


def test_next_outside_the_site_is_ignored(login):
    response = login("thuongtruc").post(
        FIGURE_URL,
        {
            "indicator": "17.1",
            "kind": "other",
            "next": "https://evil.example/",
            "files": [files.pdf()],
        },
    )
    assert response["Location"] == PAGE


def test_progress_entry_evidence_by_lead_body(login, demo):
    update = TaskUpdate.objects.filter(task__lead_body__name__icontains="Ủy ban").first()
    assert update is not None
    url = reverse("evidence:upload_progress")
    data = {"entry": update.pk, "kind": "photo", "files": [files.jpeg()]}
    assert login("hoinongdan").post(url, data).status_code == 403
    data["files"] = [files.jpeg()]
    login("ubnd").post(url, data)
    assert Evidence.objects.get().task_update == update
    page = login("ubnd").get(reverse("plans:task", kwargs={"pk": update.task_id}))
    assert 'data-testid="task-evidence"' in page.content.decode()


def test_submission_evidence_by_its_body(login, demo):
    submission = (
        Submission.objects.filter(body__commune=demo, month=MARCH).select_related("body").first()
    )
    members = submission.body.members.all()
    url = reverse("evidence:upload_submission", kwargs={"pk": submission.pk})
    login("captren").post(url, {"kind": "minutes", "files": [files.pdf()]})
    assert not Evidence.objects.exists()
    login("thuongtruc").post(url, {"kind": "minutes", "files": [files.pdf()]})
    assert Evidence.objects.get().submission == submission
    page = login("thuongtruc").get(
        reverse("submissions:submission", kwargs={"month": MARCH, "body_pk": submission.body_id})
    )
    assert "Quyết định 12" in page.content.decode()
    assert members is not None


def test_indicator_page_shows_upload_form_only_to_writers(login):
    assert 'enctype="multipart/form-data"' in login("ubnd").get(PAGE).content.decode()
    assert 'enctype="multipart/form-data"' not in login("captren").get(PAGE).content.decode()


def test_village_form_offers_its_per_village_indicators(login, demo):
    village = demo.villages.get(name="Hợp Lộc")
    url = reverse("criteria:village_month", kwargs={"month": MARCH, "pk": village.pk})
    html = login("thon.hoploc").get(url).content.decode()
    assert f'name="village" value="{village.pk}"' in html
    per_village = Indicator.objects.filter(criteria_set=demo.criteria_set, per_village=True).first()
    assert f'<option value="{per_village.code}">' in html
