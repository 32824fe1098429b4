"""A monthly figure's model field, and the bounds every stored figure keeps.

The bounds are checked by the form (with a message), the model (validators) and the
database (named check constraints). Reading never fails on a row that escaped them (one
planted before the constraints existed, or by hand): SQLite's decimal converter raises
InvalidOperation on a value wider than the column, which answered 500 on every page that
read the row. Such a value is read as empty, and `criteria.selectors.unreadable_records`
lists the rows so that a page can say so and link to the correction."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# A ratio's numerator and denominator are counts of households, people, workers, or
# lengths and areas of one commune: a hundred million is far above any of them.
MAX_RATIO_PART = Decimal(100_000_000)
# A figure with a unit (income in million đồng, hectares, a share in %): one billion.
MAX_VALUE = Decimal(1_000_000_000)
RATIO_DECIMAL_PLACES = 2
VALUE_DECIMAL_PLACES = 3

# Wide enough for any float SQLite may hold, without traps: a value out of range becomes
# a Decimal that `from_db_value` recognises, never an exception.
LENIENT = decimal.Context(prec=decimal.MAX_PREC, traps=[])


class FigureField(models.DecimalField):
    """A DecimalField bounded to [0, maximum] that reads an out-of-range value as None."""

    def __init__(self, *args: Any, maximum: Decimal = MAX_VALUE, **kwargs: Any) -> None:
        self.maximum = maximum
        kwargs["validators"] = [MinValueValidator(0), MaxValueValidator(maximum)]
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        kwargs["maximum"] = self.maximum
        return name, path, args, kwargs

    @property
    def context(self) -> decimal.Context:  # used by SQLite's converter and to_python
        return LENIENT

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        try:
            number = Decimal(value) if not isinstance(value, Decimal) else value
        except (decimal.InvalidOperation, TypeError, ValueError):
            return None
        if not number.is_finite() or not 0 <= number <= self.maximum:
            return None
        return number.quantize(Decimal(1).scaleb(-self.decimal_places), context=LENIENT)
