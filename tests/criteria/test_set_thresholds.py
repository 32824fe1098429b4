"""A published 2026–2030 set's thresholds by commune group: each commune reads its own
group's level, and a commune whose group nobody has set reads "Chưa cấu hình", never a
guessed level (criteria.status.applicable_threshold, the one rule every page uses)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from criteria.set_services import set_file_confirm, set_file_store
from criteria.status import applicable_threshold
from tests.criteria.set_files import WATER, set_file


def test_each_group_reads_its_level_and_no_group_reads_not_configured(demo, users):
    created = set_file_confirm(
        upload=set_file_store(user=users["admin"], province=None, name="a.xlsx", data=set_file())
    )
    water = created.indicators.get(code=WATER)
    thresholds = list(water.thresholds.all())
    demo.commune_group = 2
    assert applicable_threshold(thresholds, demo, created.threshold_basis).value == 50
    demo.commune_group = None
    assert applicable_threshold(thresholds, demo, created.threshold_basis) is None
    with translation.override("vi"):
        page = render_to_string("criteria/_threshold.html", {"indicator": water, "threshold": None})
    assert "Chưa cấu hình" in page
