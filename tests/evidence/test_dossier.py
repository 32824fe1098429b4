"""The dossier page and its ZIPs: a folder per indicator, readable names, an index PDF;
prepared as jobs (the page's buttons POST): without a broker the ZIP comes at once, with
one the job's page follows its progress; the old GET links lead to the dossier page."""

import io
import unicodedata
import zipfile
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evidence.dossier import readable_name, safe_part
from evidence.models import Evidence
from jobs.services import job_execute
from reports.documents import ascii_slug
from tests.evidence import files
from tests.evidence.conftest import MARCH

pytestmark = pytest.mark.usefixtures("in_march")
CRITERION_17 = reverse("evidence:criterion_zip", kwargs={"number": 17})


@pytest.fixture
def attach(login):
    def attach_files(code, *uploads, kind="decision", **fields):
        login("thuongtruc").post(
            reverse("evidence:upload_figure", kwargs={"month": MARCH}),
            {"indicator": code, "kind": kind, "files": list(uploads), **fields},
        )

    return attach_files


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def dossier(client, url: str = CRITERION_17):
    """Press the button (without a broker: the file, at once)."""
    response = client.post(url)
    assert response.url.endswith("/file/download/")
    return client.get(response.url)


def test_criterion_zip_has_readable_names_and_index(attach, login, demo, jobs_at_once):
    attach("17.1", files.pdf(), document_number="12/QĐ-UBND", document_date="2024-03-05")
    attach(
        "17.1",
        files.jpeg("a.jpg"),
        files.jpeg("b.jpg", colour="red"),
        kind="photo",
        title="Điểm đấu nối nước",
    )
    attach("1.1", files.pdf("khác.pdf", files.PDF + b"%1.1"))
    response = dossier(login("thuongtruc"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    name = f"Hồ sơ minh chứng Tiêu chí 17. {demo.criteria_set.criteria.get(number=17).name}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{ascii_slug(name)}-2024-03-20.zip"; '
        f"filename*=UTF-8''{quote(f'{name} - 2024-03-20.zip')}"
    )
    archive = zip_of(response)
    names = archive.namelist()
    folder = names[0].split("/")[0]
    assert folder.startswith("17.1 - ")
    assert f"{folder}/17.1 - 2024-03 - Quyết định 12-QĐ-UBND.pdf" in names
    assert f"{folder}/17.1 - 2024-03 - Điểm đấu nối nước.jpg" in names
    assert f"{folder}/17.1 - 2024-03 - Điểm đấu nối nước (2).jpg" in names
    assert not any(name.startswith("1.1") for name in names)  # another criterion
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert archive.read(f"{folder}/17.1 - 2024-03 - Quyết định 12-QĐ-UBND.pdf") == files.PDF
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(archive.read("00 - Danh mục minh chứng.pdf"))).pages
    )
    assert "DANH MỤC MINH CHỨNG" in text
    assert "Tiêu chí 17" in text
    words = " ".join(text.split())
    assert "12/QĐ-UBND ngày 05/03/2024" in words
    decision = Evidence.objects.get(document_number="12/QĐ-UBND")
    assert decision.sha256 in "".join(text.split())
    assert "Cán bộ NTM (mẫu)" in words  # who uploaded


def test_whole_set_zip(attach, login, jobs_at_once):
    attach("17.1", files.pdf())
    attach("1.1", files.pdf("khác.pdf", files.PDF + b"%1.1"))
    names = zip_of(dossier(login("captren"), reverse("evidence:all_zip"))).namelist()
    assert {name.split(" - ")[0] for name in names} == {"00", "1.1", "17.1"}


def test_outsider_zip_has_photos_without_exif(attach, login, jobs_at_once):
    attach("17.1", files.jpeg(), kind="photo")
    archive = zip_of(dossier(login("captren")))
    photo = next(name for name in archive.namelist() if name.endswith(".jpg"))
    assert b"Test phone" not in archive.read(photo)
    archive = zip_of(dossier(login("ubnd")))
    assert b"Test phone" in archive.read(photo)


def test_with_a_broker_the_page_follows_the_progress(attach, login, queued_jobs, monkeypatch):
    from jobs.models import Job

    for number in range(4):
        attach("17.1", files.pdf(f"{number}.pdf", files.PDF + str(number).encode()))
    client = login("thuongtruc")
    response = client.post(CRITERION_17)
    job = Job.objects.get(kind="dossier")
    assert queued_jobs == [job.pk]
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})
    page = client.get(response.url).content.decode()
    assert "Hồ sơ minh chứng Tiêu chí 17." in page and "Đang chờ (0 %)" in page

    shown: list[int] = []
    progress = Job.progress
    monkeypatch.setattr(Job, "progress", lambda self, p: shown.append(p) or progress(self, p))
    job_execute(job.pk)  # the worker
    assert shown == [22, 45, 67, 90, 95]  # a step per file copied in, the index, storing
    page = client.get(response.url).content.decode()
    assert 'data-testid="file-download"' in page
    assert len(zip_of(client.get(reverse("jobs:result", kwargs={"pk": job.pk}))).namelist()) == 5


def test_a_file_missing_from_storage_fails_the_job_with_a_retry(
    attach, login, jobs_at_once, evidence_storage
):
    from jobs.models import Job, JobState

    attach("17.1", files.pdf())
    (evidence_storage / Evidence.objects.get().storage_name).unlink()
    client = login("thuongtruc")
    response = client.post(CRITERION_17)
    job = Job.objects.get(kind="dossier")
    assert job.state == JobState.FAILED
    assert response.url == reverse("jobs:page", kwargs={"pk": job.pk})
    page = client.get(response.url).content.decode()
    assert "Một tệp của hồ sơ không còn trong kho lưu trữ: hãy báo quản trị viên." in page
    assert reverse("jobs:retry", kwargs={"pk": job.pk}) in page


def test_the_old_download_links_lead_to_the_dossier_page(login):
    from jobs.models import Job

    client = login("ubnd")
    for url in (CRITERION_17, reverse("evidence:all_zip")):
        assert client.get(url).url == reverse("evidence:dossier")
    assert not Job.objects.exists()


def test_unknown_criterion_is_404(login):
    client = login("ubnd")
    assert client.get(reverse("evidence:criterion_zip", kwargs={"number": 99})).status_code == 404
    assert client.post(reverse("evidence:criterion_zip", kwargs={"number": 99})).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    for url in (reverse("evidence:dossier"), reverse("evidence:all_zip")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in client.post(CRITERION_17)["Location"]


def test_dossier_page_lists_counts_and_gaps(attach, login):
    attach("17.1", files.pdf())
    html = login("truongban").get(reverse("evidence:dossier")).content.decode()
    assert 'data-testid="count-17">1' in html
    assert 'data-testid="count-1">0' in html
    assert f'form="criterion-zip" formaction="{CRITERION_17}"' in html
    # 1.1 is met without a file: a gap.
    row = html.split('data-testid="dossier-1"')[1].split("</tr>")[0]
    assert ">1.1<" in row


@pytest.mark.parametrize("count", [1, 12])
def test_dossier_page_query_count_does_not_grow(
    attach, login, django_assert_max_num_queries, count
):
    for number in range(count):
        attach("17.1", files.pdf(f"{number}.pdf", files.PDF + str(number).encode()))
    client = login("truongban")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("evidence:dossier")).status_code == 200


def test_safe_part_keeps_vietnamese_and_drops_separators():
    assert safe_part('Quyết định 12/QĐ-UBND: "mới"?') == "Quyết định 12-QĐ-UBND- -mới"
    assert safe_part("..\\..\\a") == "a"
    assert safe_part(unicodedata.normalize("NFD", "Thôn Hợp Lộc")) == "Thôn Hợp Lộc"


def test_readable_name_with_village(attach, login, demo):
    village = demo.villages.get(name="Hợp Lộc")
    attach("17.1", files.pdf(), village=str(village.pk), document_number="5/BB", kind="minutes")
    assert readable_name(Evidence.objects.get()) == "17.1 - 2024-03 - Hợp Lộc - Biên bản 5-BB.pdf"


def test_index_in_parts_reads_as_one_document(demo, monkeypatch):
    """Rendered a few rows at a time (flat memory), joined: one header, one signature,
    numbers and pages that continue."""
    import datetime

    from criteria.models import Indicator
    from evidence import dossier

    monkeypatch.setattr(dossier, "INDEX_ROWS_PER_PART", 2)
    indicator = Indicator.objects.get(criteria_set=demo.criteria_set, code="17.1")
    rows = [
        {
            "evidence": Evidence(
                indicator=indicator,
                month=MARCH,
                title=f"Biên bản số {number}",
                kind="minutes",
                sha256=f"{number:064x}",
                uploaded_at=datetime.datetime(2024, 3, 20, tzinfo=datetime.UTC),
            ),
            "path": f"17.1/{number}.pdf",
        }
        for number in range(5)
    ]
    reader = PdfReader(io.BytesIO(dossier.index_pdf(commune=demo, subject="Hồ sơ", rows=rows)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 3
    # Page numbers in the top margin from page 2 on, continuing across the parts.
    assert [page.extract_text().split()[-1] for page in reader.pages[1:]] == ["2", "3"]
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 1
    assert text.count("Nơi nhận") == 1
    assert all(f"Biên bản số {number}" in text for number in range(5))
    assert "5 Chỉ tiêu" not in text and "Danh mục gồm 5 tài liệu" in text
