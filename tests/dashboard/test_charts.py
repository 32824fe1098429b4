from decimal import Decimal

from dashboard.charts import Bar, Point, bar_chart, format_value, line_chart, nice_max


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
    assert "class=" not in svg and "style=" not in svg
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
    # 50 % of a 460-pixel plot from x=190.
    assert 'width="230.0"' in svg


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
