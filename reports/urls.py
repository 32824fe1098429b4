from django.urls import path, register_converter

from reports import views


class QuarterPeriodConverter:
    """`2024-Q1` → (2024, 1); 2024-Q5 and 2024-Q0 do not match (404)."""

    regex = r"\d{4}-Q\d"

    def to_python(self, value: str) -> tuple[int, int]:
        year, quarter = int(value[:4]), int(value[-1])
        if year < 2000 or not 1 <= quarter <= 4:
            raise ValueError(value)
        return year, quarter

    def to_url(self, value: tuple[int, int]) -> str:
        return f"{value[0]:04d}-Q{value[1]}"


class FormatConverter:
    regex = "pdf|xlsx|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(QuarterPeriodConverter, "quarter_period")
register_converter(FormatConverter, "fmt")

app_name = "reports"

urlpatterns = [
    path("monthly/", views.monthly_index, name="monthly_index"),
    path("monthly/<month:month>/", views.monthly_page, name="monthly"),
    path("monthly/<month:month>.<fmt:fmt>", views.monthly_download, name="monthly_download"),
    path("monthly/<month:month>/narrative/", views.monthly_narrative, name="monthly_narrative"),
    path("monthly/<month:month>/approve/", views.monthly_approve, name="monthly_approve"),
    path("monthly/<month:month>/send/", views.monthly_send, name="monthly_send"),
    path("monthly/<month:month>/reopen/", views.monthly_reopen, name="monthly_reopen"),
    path(
        "quarterly/<quarter_period:period>.<fmt:fmt>",
        views.quarterly_download,
        name="quarterly_download",
    ),
]
