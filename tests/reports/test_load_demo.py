from django.core.management import call_command
from django.db.models import F

from criteria.models import CriteriaSet, Indicator, IndicatorAssignment, Threshold
from villages.models import Commune, HouseholdRecord, ResponsibleBody, Village


def counts():
    return [
        model.objects.count()
        for model in (
            CriteriaSet,
            Indicator,
            Threshold,
            IndicatorAssignment,
            Commune,
            Village,
            HouseholdRecord,
            ResponsibleBody,
        )
    ]


def test_qd318_has_19_criteria_and_indicators_stay_in_their_set(demo):
    qd318 = CriteriaSet.objects.get(decision_ref="318/QĐ-TTg")
    assert qd318.criteria.count() == 19
    assert qd318.groups.count() == 5
    assert qd318.indicators.count() == 54
    assert not Indicator.objects.exclude(criterion__criteria_set=F("criteria_set")).exists()
    assert demo.criteria_set == qd318


def test_demo_commune_has_the_plans_villages(demo):
    names = list(demo.villages.values_list("name", flat=True))
    assert len(names) == 11
    for name in ["Hợp Lộc", "Thuận Hòa", "Bái E", "Ràm Duộng", "Quang Vinh"]:
        assert name in names
    assert demo.villages.filter(is_sample_name=True).count() == 6


def test_commune_overrides_from_the_plan(demo):
    poverty = Threshold.objects.get(indicator__code="11", scope="commune", commune=demo)
    water = Threshold.objects.get(indicator__code="17.1", scope="commune", commune=demo)
    assert (poverty.comparator, poverty.value) == ("<", 6.5)
    assert (water.comparator, water.value) == (">=", 20)


def test_every_indicator_has_one_lead_body(demo):
    for indicator in demo.criteria_set.indicators.all():
        assert indicator.assignments.filter(role="lead").count() == 1, indicator.code


def test_confidence_flags_kept_as_needs_checking(demo):
    assert Indicator.objects.get(code="1.1").needs_checking
    assert "wording-unverified" in Indicator.objects.get(code="1.1").verification_flags


def test_load_demo_twice_creates_nothing_new(demo):
    before = counts()
    call_command("load_demo", until="2024-03", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before


def test_load_demo_keeps_what_an_administrator_corrected(demo):
    Indicator.objects.filter(code="1.1").update(name="Tên đã sửa")
    call_command("load_demo", until="2024-03", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Indicator.objects.get(code="1.1").name == "Tên đã sửa"
