"""Upload of a filled entry template: preview, confirm, conflicts, rights and bad cells."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from criteria.models import IndicatorRecord
from criteria.services import FigureInput, records_save
from criteria.spreadsheets import IDENTITY_SHEET, _checksum
from tests.criteria.conftest import MARCH
from tests.criteria.excel import MARCH_URL, download, fill, fill_workbook, locate, upload
from villages.models import Upload, UploadState, Village

pytestmark = pytest.mark.usefixtures("in_march", "media")
SHEET = "Thôn Hợp Lộc"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hop_loc(demo):
    return Village.objects.get(name="Hợp Lộc")


def record(code, village=None, month=MARCH):
    return IndicatorRecord.objects.filter(indicator__code=code, village=village, month=month)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture(scope="module")
def downloaded() -> dict[tuple[str, str, str], bytes]:
    return {}


@pytest.fixture
def template(downloaded):
    """`download()`, once per user, query and month for the module: every test starts
    from the same rolled-back demo at the same time (in_march), so a template downloaded
    before the test changes anything is the same file, and building one (the commune's
    whole template for the standing member) was a large part of such a test's time."""

    def get(client, query: str = "", month_url: str = MARCH_URL) -> bytes:
        key = (client.session["_auth_user_id"], query, month_url)
        if key not in downloaded:
            downloaded[key] = download(client, query, month_url)
        return downloaded[key]

    return get


def preview_of(client, content, name="mau.xlsx"):
    response = upload(client, content, name)
    assert response.status_code == 302, text(response)[-2000:]
    return response.url, client.get(response.url)


def test_village_head_round_trip(login, hop_loc, template):
    client = login("thon.hoploc")
    filled = fill(template(client, f"?village={hop_loc.pk}"), {("17.1", "numerator"): 40})
    url, preview = preview_of(client, filled, "hop-loc-thang-3.xlsx")
    page = text(preview)
    assert "Sheet Thôn Hợp Lộc, ô E" in page and "Chưa đạt" in page  # 18,60 % < 20 %
    assert not record("17.1", hop_loc).exists()  # nothing before confirm
    response = client.post(url, {}, follow=True)
    assert record("17.1", hop_loc).get().numerator == 40
    assert "2,22 %" in text(response)  # the commune's 17.1 on the month page
    history = text(client.get("/months/2024-03/indicators/17.1/"))
    assert "nhập từ tệp hop-loc-thang-3.xlsx (sha256" in history
    upload_row = Upload.objects.get()
    assert upload_row.state == UploadState.CONFIRMED and upload_row.file.read()[:2] == b"PK"


def test_officer_round_trip_on_a_body_indicator(login, template):
    client = login("hoinongdan")
    filled = fill(template(client, "?indicator=13.2"), {("13.2", "met"): "Đạt"})
    url, preview = preview_of(client, filled)
    assert "Sheet Toàn xã, ô E4" in text(preview)
    client.post(url, {})
    assert record("13.2").get().met is True


def test_standing_member_round_trip_for_the_whole_commune(login, hop_loc, template):
    client = login("thuongtruc")
    filled = fill(
        template(client),
        {("10", "value"): "55,5", ("17.1", "numerator", SHEET): "1.0"},
    )
    url, _preview = preview_of(client, filled)
    client.post(url, {})
    assert record("10").get().value == Decimal("55.5")
    assert record("17.1", hop_loc).get().numerator == 1


def test_vietnamese_text_numbers_renamed_sheet_and_extra_rows_are_read(login, hop_loc, template):
    client = login("thon.hoploc")
    workbook = load_workbook(io.BytesIO(template(client)))
    locate(workbook, "17.1", "numerator").value = "40"
    locate(workbook, "2.2", "numerator").value = "10,5"
    sheet = workbook[SHEET]
    sheet.title = "Hợp Lộc đã điền"
    sheet.insert_rows(4, amount=3)  # empty rows before the inputs
    out = io.BytesIO()
    workbook.save(out)
    url, preview = preview_of(client, out.getvalue())
    assert "Sheet Hợp Lộc đã điền, ô E" in text(preview)
    client.post(url, {})
    assert record("17.1", hop_loc).get().numerator == 40
    assert record("2.2", hop_loc).get().numerator == Decimal("10.5")


def test_formula_with_a_cached_value_is_read(login, hop_loc, tmp_path, template):
    """openpyxl writes no cached values, so the cache is written into the sheet XML."""
    client = login("thon.hoploc")
    filled = fill(template(client), {("17.1", "numerator"): "=20*2"})
    cached = _with_cached_value(filled, "20*2", "40")
    url, _preview = preview_of(client, cached)
    client.post(url, {})
    assert record("17.1", hop_loc).get().numerator == 40


def _with_cached_value(content, formula, value):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                # Whatever openpyxl wrote after the formula (<v></v>, <v/> or nothing).
                data = re.sub(
                    rf"<f>{re.escape(formula)}</f>(<v></v>|<v\s*/>)?".encode(),
                    f"<f>{formula}</f><v>{value}</v>".encode(),
                    data,
                )
            target.writestr(item, data)
    return out.getvalue()


def test_conflict_when_a_figure_changed_after_download(login, hop_loc, users, template):
    client = login("thon.hoploc")
    content = template(client)
    records_save(
        commune=hop_loc.commune,
        month=MARCH,
        user=users["thuongtruc"],
        figures=[
            FigureInput(
                indicator=hop_loc.commune.criteria_set.indicators.get(code="17.1"),
                village=hop_loc,
                values={"numerator": Decimal(10), "denominator": Decimal(215)},
                base=_marker(hop_loc),
            )
        ],
    )
    url, preview = preview_of(client, fill(content, {("17.1", "numerator"): 40}))
    assert "sau khi bạn mở biểu mẫu" in text(preview)  # the stale-edit message
    response = client.post(url, {})
    assert response.status_code == 200
    assert record("17.1", hop_loc).get().numerator == 10  # never overwritten
    assert Upload.objects.get().state == UploadState.PENDING


def _marker(village):
    from criteria.selectors import latest_records
    from villages.conflicts import version_marker

    current = (
        latest_records(village.commune, MARCH)
        .filter(indicator__code="17.1", village=village)
        .first()
    )
    return version_marker(current)


def test_warnings_need_the_confirmation_box(login, hop_loc, template):
    client = login("thon.hoploc")
    url, preview = preview_of(client, fill(template(client), {("17.1", "numerator"): 200}))
    assert "thay đổi hơn 20 điểm phần trăm" in text(preview)
    client.post(url, {})
    assert not record("17.1", hop_loc).exists()
    client.post(url, {"confirm": "on"})
    assert record("17.1", hop_loc).get().numerator == 200


def test_village_head_template_edited_to_another_village_is_refused(login, demo, template):
    other = Village.objects.get(commune=demo, name="Bái E")
    client = login("thon.hoploc")
    workbook = load_workbook(io.BytesIO(template(client)))
    hop_loc_id = Village.objects.get(name="Hợp Lộc").pk
    swap = re.compile(rf"(^|;)(\d+)-{hop_loc_id}([-|])")
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = swap.sub(rf"\1\2-{other.pk}\3", cell.value)
    identity = workbook[IDENTITY_SHEET]
    rows = [[c.value or "" for c in row[:4]] for row in identity.iter_rows()][:-1]
    identity.cell(identity.max_row, 2).value = _checksum(rows)  # even with a valid checksum
    out = io.BytesIO()
    workbook.save(out)
    response = upload(client, out.getvalue())
    assert response.status_code == 200
    assert "bạn không có quyền nhập số liệu này" in text(response)
    assert not Upload.objects.exists()


def test_edited_identity_without_the_key_is_refused(login, template):
    client = login("thon.hoploc")
    workbook = load_workbook(io.BytesIO(template(client)))
    identity = workbook[IDENTITY_SHEET]["B2"]
    identity.value = identity.value.replace("|numerator|", "|numerator|9999:", 1)
    out = io.BytesIO()
    workbook.save(out)
    response = upload(client, out.getvalue())
    assert "đã bị sửa sau khi tải về" in text(response)


def test_another_months_template_is_refused_naming_its_month(login, template):
    client = login("thon.hoploc")
    february = template(client, month_url="/months/2024-02/")
    response = upload(client, february)
    assert "tháng 02/2024" in text(response) and "Xã Quang Trung" in text(response)
    assert not Upload.objects.exists()


def test_another_users_upload_is_not_shown(login, client, users, template):
    own = login("thon.hoploc")
    url, _preview = preview_of(own, template(own))
    client.force_login(users["thuongtruc"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("username", ["truongban", "captren"])
def test_readers_may_not_download_or_upload(login, username):
    client = login(username)
    assert client.get("/months/2024-03/excel/").status_code == 403
    assert client.get("/months/2024-03/excel/upload/").status_code == 403


def test_anonymous_is_sent_to_login(client, demo):
    for url in ("/months/2024-03/excel/", "/months/2024-03/excel/upload/"):
        assert client.get(url).status_code == 302


def test_wrong_method(login):
    client = login("thon.hoploc")
    assert client.post("/months/2024-03/excel/").status_code == 405
    assert client.put("/months/2024-03/excel/upload/").status_code == 405


BAD_CELLS = [
    (("17.1", "numerator"), -5, "không được âm"),
    (("17.1", "numerator"), "abc", "chỉ gồm chữ số"),
    (("17.1", "numerator"), "1e3", "chỉ gồm chữ số"),
    (("17.1", "numerator"), 12.5, "phải là số nguyên"),
    (("17.1", "numerator"), "12,5", "phải là số nguyên"),
    (("17.1", "numerator"), 300, "không được lớn hơn mẫu số"),
    (("17.1", "numerator"), "40 hộ", "chỉ gồm chữ số"),
    (("17.1", "numerator"), "=SUM(B1:B2)", "công thức chưa có giá trị"),
    (("17.1", "numerator"), datetime.date(2024, 3, 1), "ngày tháng không phải là số liệu"),
    (("17.1", "numerator"), True, "chỉ gồm chữ số"),
    (("17.1", "denominator"), 0, "Mẫu số phải lớn hơn 0"),
    (("17.1", "denominator"), None, "cả tử số và mẫu số"),
    (("17.1", "denominator"), 250, "Sổ hộ ghi 215"),
    (("17.1", "denominator"), -215, "không được âm"),
    (("17.1", "denominator_note"), "x" * 301, "tối đa 300"),
    (("9.1", "met"), "Có lẽ", "lựa chọn hợp lệ"),
    (("9.1", "met"), 5, "lựa chọn hợp lệ"),
    (("9.1", "met"), "Dat", "lựa chọn hợp lệ"),
    (("2.2", "numerator"), 10.12345, "chữ số sau dấu phẩy"),
    (("2.2", "numerator"), 1e15, "Số quá lớn"),
    (("2.2", "numerator"), 11, "không được lớn hơn mẫu số"),
    (("2.3", "denominator"), -8.6, "không được âm"),
    (("11", "numerator"), "-1", "không được âm"),
    (("11", "numerator"), "1.2.3", "chỉ gồm chữ số"),
    (("15.1", "numerator"), 900, "không được lớn hơn mẫu số"),
    (("15.1", "numerator"), None, "cả tử số và mẫu số"),
    (("12.1", "numerator"), "Infinity", "chỉ gồm chữ số"),
    (("12.1", "numerator"), "NaN", "chỉ gồm chữ số"),
    (("12.2", "numerator"), 151.5, "phải là số nguyên"),
    (("6.3", "numerator"), 2, "không được lớn hơn mẫu số"),
    (("16", "numerator"), "#DIV/0!", "chỉ gồm chữ số"),
    (("4.2", "numerator"), "２１５,５", "phải là số nguyên"),
]


@pytest.mark.parametrize(("where", "value", "message"), BAD_CELLS)
def test_bad_cell_is_named_and_nothing_is_written(login, hop_loc, template, where, value, message):
    client = login("thon.hoploc")
    workbook = load_workbook(io.BytesIO(template(client)))
    ref = locate(workbook, *where).coordinate
    # A good change next to the bad one: it must not be saved alone.
    good = ("17.1", "numerator") if where[0] != "17.1" else ("11", "numerator")
    filled = fill_workbook(workbook, {good: 20, where: value})
    before = (IndicatorRecord.objects.count(), IndicatorRecord.history.count())
    url, preview = preview_of(client, filled)
    page = text(preview)
    assert preview.status_code == 200
    assert f"Sheet {SHEET}, ô {ref}" in page and message in page, page[-3000:]
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert (IndicatorRecord.objects.count(), IndicatorRecord.history.count()) == before
    assert Upload.objects.get().state == UploadState.PENDING


def test_text_from_the_file_is_normalised_like_form_input(login, hop_loc, template):
    import unicodedata

    client = login("thon.hoploc")
    reason = unicodedata.normalize("NFD", "Có 5 hộ mới tách\r\nchưa vào sổ")
    filled = fill(
        template(client),
        {
            ("17.1", "numerator"): 40,
            ("17.1", "denominator"): 220,
            ("17.1", "denominator_note"): reason,
        },
    )
    url, _preview = preview_of(client, filled)
    client.post(url, {"confirm": "on"})
    assert record("17.1", hop_loc).get().denominator_note == "Có 5 hộ mới tách\nchưa vào sổ"


def test_closed_month_saves_nothing(login, hop_loc, users, template):
    from criteria.services import month_close

    client = login("thon.hoploc")
    url, _preview = preview_of(client, fill(template(client), {("17.1", "numerator"): 40}))
    month_close(commune=hop_loc.commune, month=MARCH, user=users["thuongtruc"])
    response = client.post(url, {"confirm": "on"})
    assert "Tháng này đã khóa sổ" in text(response)
    assert not record("17.1", hop_loc).exists()


def test_a_file_is_imported_once(login, hop_loc, template):
    client = login("thon.hoploc")
    url, _preview = preview_of(client, fill(template(client), {("17.1", "numerator"): 40}))
    client.post(url, {})
    response = client.post(url, {}, follow=True)
    assert "Tệp này đã được nhập rồi" in text(response)
    assert (
        IndicatorRecord.history.filter(history_change_reason__startswith="nhập từ tệp").count() == 1
    )


@pytest.mark.parametrize("username", ["thon.hoploc", "thuongtruc"])
def test_preview_queries_do_not_grow_with_the_template(
    login, username, django_assert_max_num_queries, template
):
    client = login(username)
    response = upload(client, template(client))
    assert response.status_code == 302, text(response)[-2000:]
    with django_assert_max_num_queries(30):
        assert client.get(response.url).status_code == 200
