"""The documents as an official reads them (Nghị định 30/2020/NĐ-CP): the PDFs of the
monthly report (draft and sent) and of the quarterly plan, each rendered once for the
module and read back with pypdf."""

import datetime
import io
import re
import unicodedata

import pypdf
import pytest

from reports.builders import (
    monthly_report_data,
    quarterly_report_data,
    render_monthly_pdf,
    render_quarterly_pdf,
)
from villages.models import Commune

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2024, 3, 1)
BODY_SIZE = 14
LINE_PITCH = BODY_SIZE * 1.3  # line-height of the body text
PARAGRAPH_GAP = 6  # points between paragraphs, at least
PLACEHOLDERS = ("…", "...")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Page:
    """A page's text and the baselines of its body-size lines."""

    def __init__(self, page: pypdf.PageObject) -> None:
        self.baselines: set[float] = set()

        def visit(text, cm, tm, font, size):
            if text.strip() and abs(size * tm[3] * cm[3] - BODY_SIZE) < 0.1:
                self.baselines.add(round(tm[5] * cm[3] + cm[5], 1))

        self.text = nfc(page.extract_text(visitor_text=visit))


def read(pdf: bytes) -> list[Page]:
    return [Page(page) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def documents(march, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        commune = Commune.objects.select_related("criteria_set").get(name="Quang Trung")
        sent = monthly_report_data(commune, MARCH, document_reference="25/BC-UBND")
        quarterly = quarterly_report_data(commune, 2024, 1)
    return {
        "draft": (march[0], read(march[1])),
        "sent": (sent, read(render_monthly_pdf(sent))),
        "quarterly": (quarterly, read(render_quarterly_pdf(quarterly))),
    }


KINDS = ["draft", "sent", "quarterly"]


def test_sent_report_has_its_number_and_no_placeholder(documents):
    _data, pages = documents["sent"]
    assert re.search(r"Số: 25/BC-UBND\b", pages[0].text)
    for number, page in enumerate(pages, start=1):
        assert not any(mark in page.text for mark in PLACEHOLDERS), f"page {number}"


def test_appendix_cites_the_sent_report_with_its_date(documents):
    _data, pages = documents["sent"]
    text = " ".join(" ".join(page.text.split()) for page in pages)
    assert "Kèm theo Báo cáo số 25/BC-UBND ngày 16/03/2024 của Ủy ban nhân dân xã" in text
    assert "Báo cáo Số:" not in text


@pytest.mark.parametrize("kind", ["draft", "quarterly"])
def test_unnumbered_document_leaves_the_number_blank_not_a_placeholder(documents, kind):
    """The seed plan's number is "…/KH-UBND" (unknown): its header leaves a blank."""
    _data, pages = documents[kind]
    assert re.search(r"Số:\s+/(BC|KH)-UBND", pages[0].text)
    assert not any(mark in pages[0].text.split("\n")[2] for mark in PLACEHOLDERS)
    assert "Kế hoạch số …" not in " ".join(page.text for page in pages)


@pytest.mark.parametrize("kind", KINDS)
def test_signing_block_matches_the_settings(documents, kind):
    data, pages = documents[kind]
    page = next(p for p in pages if "Nơi nhận" in p.text)
    commune = data["commune"]
    for line in commune["signing_lines"]:
        assert line in page.text
    assert commune["signer_name"] in page.text
    assert commune["signing_lines"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert "TM. BAN CHỈ ĐẠO" not in page.text


@pytest.mark.parametrize("kind", KINDS)
def test_recipients_and_signature_never_stand_alone_on_a_page(documents, kind):
    _data, pages = documents[kind]
    page = next(p for p in pages if "Nơi nhận" in p.text)
    before = page.text.split("Nơi nhận")[0]
    # Besides the page number, the page carries the closing paragraph at least.
    assert "Trên đây là" in before, before


@pytest.mark.parametrize("kind", KINDS)
def test_paragraphs_are_six_points_apart(documents, kind):
    """On prose pages, two body lines are either lines of one paragraph (one line pitch)
    or of two paragraphs (at least 6 pt more), never in between."""
    _data, pages = documents[kind]
    gaps = []
    for page in pages[:3]:
        baselines = sorted(page.baselines, reverse=True)
        gaps += [round(a - b, 1) for a, b in zip(baselines, baselines[1:], strict=False)]
    assert any(gap >= LINE_PITCH + PARAGRAPH_GAP - 0.5 for gap in gaps)
    squeezed = [g for g in gaps if LINE_PITCH + 0.6 < g < LINE_PITCH + PARAGRAPH_GAP - 0.5]
    assert not squeezed, squeezed


def test_title_keeps_its_last_words_together(documents):
    data, pages = documents["draft"]
    lines = [line.strip() for line in pages[0].text.split("\n")]
    assert "năm 2024" not in lines
    assert "\u00a0" in data["subject"]


def test_sample_data_is_watermarked_on_every_page(documents):
    for kind in KINDS:
        data, pages = documents[kind]
        assert data["is_sample"]
        assert all("DỮ LIỆU MẪU" in page.text for page in pages), kind


def test_quarterly_carries_the_plans_full_text(documents):
    _data, pages = documents["quarterly"]
    text = " ".join(" ".join(page.text.split()) for page in pages)
    for expected in (
        "dân biết, dân bàn, dân làm",
        "Đài truyền thanh xã phối hợp",
        "Kế hoạch số 55-KH/HU",
        "phong trào sản xuất kinh doanh giỏi",
        "phong trào “Toàn dân chung sức xây dựng nông thôn mới”",
        "(tiêu chí số 13 và tiêu chí số 17)",
    ):
        assert expected in text, expected
    assert ", )" not in text


def test_quarter_lists_the_tasks_of_the_unmet_criteria(documents):
    data, _pages = documents["quarterly"]
    indicators = {task["indicator"] for task in data["quarter_tasks"]}
    assert {"13.2", "13.3", "17.1"} <= indicators


def test_unmet_indicators_are_written_as_sentences(documents):
    data, pages = documents["draft"]
    text = " ".join(" ".join(page.text.split()) for page in pages[:6])
    assert "Tự đánh giá: Chưa đạt" not in text
    assert "kết quả Chưa đạt" not in text
    assert re.search(r"chỉ tiêu 17\.1 mới đạt 0,00 % \(0/1\.805\), yêu cầu từ 20 % trở lên", text)
    assert "chỉ tiêu 13.2 và 13.3 chưa đạt" in text


def test_monthly_report_is_shorter(documents):
    """23 pages before the layout work (one page per village table, a narrow name
    column in the appendix)."""
    _data, pages = documents["draft"]
    assert len(pages) <= 14
