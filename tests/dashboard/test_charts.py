import re
from decimal import Decimal

from dashboard.charts import (
    FULL_WIDTH,
    HALF_WIDTH,
    MIN_FONT,
    Bar,
    Point,
    bar_chart,
    format_value,
    line_chart,
    nice_max,
)

# At a 1366 px screen Bootstrap's container-lg is 1140 px: 1116 px of content, 546 px in a
# col-lg-6 (templates/dashboard/dashboard.html puts the two trend charts side by side).
CONTENT_AT_1366 = 1116
HALF_COLUMN_AT_1366 = 546


def rendered_font_sizes(svg: str, container: int) -> list[float]:
    """Every text's size in screen pixels when the chart sits in a `container` px wide
    column: the SVG keeps its own width unless the column is narrower (app.css)."""
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    scale = min(container, width) / width
    return [float(size) * scale for size in re.findall(r'font-size="([\d.]+)"', svg)]


def test_format_value_prints_figures_as_pages_and_documents_do():
    assert format_value(Decimal("20.456")) == "20,46 %"
    assert format_value(Decimal(20)) == "20,00 %"
    assert format_value(None) == "—"
    assert format_value(Decimal("1805"), "hộ") == "1.805 hộ"
    assert format_value(Decimal(17), "") == "17"  # criteria met: a count without a unit


def test_nice_max():
    assert nice_max(19) == Decimal(20)
    assert nice_max(Decimal("6.8")) == Decimal(10)
    assert nice_max(0) == Decimal(1)


def bars():
    return [Bar("Hợp Lộc", Decimal("20.5"), True), Bar("<b>x</b>", Decimal(80)), Bar("Z", None)]


def test_bar_chart_is_self_contained_and_accessible():
    svg = bar_chart(
        chart_id="c1",
        title="Nước sạch",
        bars=bars(),
        value_label="Tỷ lệ (%)",
        category_label="Thôn",
        threshold=Decimal(20),
        threshold_label="Ngưỡng ≥ 20 %",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 ')
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Nước sạch</title>' in svg
    assert "style=" not in svg  # classes are hooks for tests, never the look
    assert 'font-family="Liberation Serif, Times New Roman, serif"' in svg


def test_bar_chart_escapes_labels_and_marks_targets_in_text():
    svg = bar_chart(chart_id="c", title="<t>", bars=bars(), value_label="v", category_label="c")
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert "&lt;t&gt;" in svg
    assert "★ Hợp Lộc (" in svg
    assert "20,50 %" in svg and "80,00 %" in svg


def test_bar_chart_scales_to_the_axis():
    svg = bar_chart(
        chart_id="c", title="t", bars=[Bar("A", Decimal(50))], value_label="v", category_label="c"
    )
    # 50 % of a 400-pixel plot from x=190.
    assert 'width="200.0"' in svg


def test_threshold_line_has_a_label():
    svg = bar_chart(
        chart_id="c",
        title="t",
        bars=bars(),
        value_label="v",
        category_label="c",
        threshold=Decimal(20),
        threshold_label="Ngưỡng ≥ 20 %",
    )
    assert 'stroke-dasharray="6 3"' in svg and "Ngưỡng ≥ 20 %" in svg


def test_empty_charts_say_no_data():
    assert "<desc" in bar_chart(
        chart_id="e", title="t", bars=[], value_label="v", category_label="c"
    )
    svg = line_chart(chart_id="l", title="t", points=[], value_label="v", category_label="c")
    assert "polyline" not in svg


def test_line_chart_leaves_gaps_for_missing_months():
    points = [Point("01/24", Decimal(1)), Point("02/24", None), Point("03/24", Decimal(3))]
    svg = line_chart(
        chart_id="l", title="t", points=points, value_label="v", category_label="Tháng", unit="%"
    )
    assert svg.count("<polyline") == 2
    assert "03/24" in svg and "3,00 %" in svg


def test_a_village_above_a_less_than_threshold_is_marked_not_met():
    """Poverty "< 6,5 %": Bái E at 6,75 % is on the wrong side, above the line. The chart
    takes the verdict from the status (`Bar.met`), colours it and says it in words."""
    svg = bar_chart(
        chart_id="p",
        title="Tỷ lệ nghèo",
        bars=[Bar("Bái E", Decimal("6.75"), met=False), Bar("Hợp Lộc", Decimal("6.05"), met=True)],
        value_label="v",
        category_label="c",
        threshold=Decimal("6.5"),
        threshold_label="Ngưỡng < 6,5 %",
        max_value=None,
    )
    assert svg.count('class="bar bar-not-met"') == 1
    assert "6,75 % (chưa đạt)" in svg and "6,05 % (" not in svg
    assert 'fill="#D55E00"' in svg  # Okabe–Ito vermillion
    assert "Bái E: 6,75 % (chưa đạt)" in svg  # the description for screen readers


def test_bars_without_a_verdict_are_not_marked():
    svg = bar_chart(chart_id="c", title="t", bars=bars(), value_label="v", category_label="c")
    assert "bar-not-met" not in svg and "chưa đạt" not in svg


def test_no_text_under_12_px_at_1366_px():
    bar = bar_chart(
        chart_id="b",
        title="t",
        bars=bars(),
        value_label="v",
        category_label="c",
        threshold=Decimal(20),
    )
    points = [Point(f"{m:02}/24", Decimal(m)) for m in range(1, 13)]
    half = line_chart(
        chart_id="l",
        title="t",
        points=points,
        value_label="v",
        category_label="c",
        threshold=Decimal(5),
        width=HALF_WIDTH,
    )
    full = line_chart(
        chart_id="f",
        title="t",
        points=points,
        value_label="v",
        category_label="c",
        width=FULL_WIDTH,
    )
    for svg, column in (
        (bar, CONTENT_AT_1366),
        (half, HALF_COLUMN_AT_1366),
        (full, CONTENT_AT_1366),
    ):
        sizes = rendered_font_sizes(svg, column)
        assert sizes and min(sizes) >= MIN_FONT
    # The old 720-wide trend in a half column drew its 10-unit labels at 7,6 px.
    assert min(rendered_font_sizes(full, HALF_COLUMN_AT_1366)) < MIN_FONT


def test_trend_starts_at_the_first_month_with_data():
    """Nine empty months are a band saying "chưa có số liệu", not a flat line at 0."""
    points = [Point(f"{m:02}/23", None) for m in range(4, 13)] + [
        Point("01/24", Decimal(15)),
        Point("02/24", Decimal(16)),
        Point("03/24", Decimal(17)),
    ]
    svg = line_chart(
        chart_id="t",
        title="t",
        points=points,
        value_label="v",
        category_label="c",
        width=HALF_WIDTH,
    )
    # Slots of (540 - 56 - 24) / 12 px from x=56: the first figure is in the tenth.
    first_x = 56 + 9.5 * (540 - 56 - 24) / 12
    line = re.search(r'<polyline points="([\d.]+),', svg)
    assert svg.count("<polyline") == 1
    assert float(line.group(1)) == round(first_x, 1)
    assert svg.count("<circle") == 3
    band = re.search(r'<rect class="no-data-yet" x="56" y="[\d.]+" width="([\d.]+)"', svg)
    assert float(band.group(1)) == round(9 * (540 - 56 - 24) / 12, 1)
    assert "chưa có số liệu" in svg


def test_a_trend_with_data_from_the_start_has_no_empty_band():
    points = [Point("01/24", Decimal(1)), Point("02/24", Decimal(2))]
    svg = line_chart(chart_id="t", title="t", points=points, value_label="v", category_label="c")
    assert "no-data-yet" not in svg and "chưa có số liệu" not in svg
