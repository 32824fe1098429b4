"""The demo holds only what a user could have typed: every figure passes the form's checks."""

import pytest
from django import forms

from criteria.forms import figure_fields
from criteria.models import IndicatorRecord
from criteria.numbers import format_number


def test_every_demo_figure_passes_the_form_checks(demo):
    refused = []
    records = IndicatorRecord.objects.select_related("indicator", "village")
    for record in records:
        for name, field in figure_fields(record.indicator).items():
            value = getattr(record, name)
            try:
                field.clean(format_number(value))
            except forms.ValidationError as error:
                refused.append((str(record), name, value, error.messages))
        if record.numerator is not None and record.numerator > record.denominator:
            refused.append((str(record), "numerator > denominator", record.numerator, []))
    assert records.count() > 100
    assert refused == []


@pytest.mark.parametrize("text", ["2.733,9", "329,1"])
def test_a_fractional_count_of_workers_is_refused(demo, text):
    record = IndicatorRecord.objects.filter(indicator__code="12.2").first()
    with pytest.raises(forms.ValidationError):
        figure_fields(record.indicator)["denominator"].clean(text)
