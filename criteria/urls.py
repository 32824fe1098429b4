from django.urls import path

from criteria import views

app_name = "criteria"

urlpatterns = [
    path("criteria/", views.catalogue, name="catalogue"),
    path("criteria/sets/in-force/", views.set_choice, name="set_choice"),
    path("months/", views.current_month_redirect, name="months"),
    path("months/<month:month>/", views.month_workspace, name="month"),
    path("months/<month:month>/close/", views.month_close, name="month_close"),
    path("months/<month:month>/reopen/", views.month_reopen, name="month_reopen"),
    path("months/<month:month>/excel/", views.month_template, name="month_template"),
    path("months/<month:month>/excel/upload/", views.month_upload, name="month_upload"),
    path(
        "months/<month:month>/excel/uploads/<int:pk>/",
        views.upload_review,
        name="upload_preview",
    ),
    path(
        "months/<month:month>/indicators/<str:code>/",
        views.indicator_month,
        name="indicator_month",
    ),
    path(
        "months/<month:month>/villages/<int:pk>/",
        views.village_month,
        name="village_month",
    ),
]
