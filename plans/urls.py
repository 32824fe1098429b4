from django.urls import path, register_converter

from plans import views


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class QuarterConverter(YearConverter):
    regex = "[1-4]"

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(YearConverter, "year")
register_converter(QuarterConverter, "quarter")

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<year:year>/", views.plan_detail, name="detail"),
    path("<year:year>/edit/", views.plan_edit, name="edit"),
    path("<year:year>/tasks/", views.task_list, name="tasks"),
    path("<year:year>/q/<quarter:quarter>/", views.quarter, name="quarter"),
    path("<year:year>/movements/", views.movement_list, name="movements"),
    path("<year:year>/resources/", views.resources, name="resources"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
]
