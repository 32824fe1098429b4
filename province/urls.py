from django.urls import path

from province import setup_views, views

app_name = "province"

urlpatterns = [
    path("", views.dashboard_current, name="dashboard_current"),
    path("<month:month>/", views.dashboard, name="dashboard"),
    path("<month:month>.<fmt:fmt>", views.dashboard_download, name="dashboard_download"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/<int:pk>/", views.receipt_page, name="receipt"),
    path("inbox/<int:pk>.<fmt:fmt>", views.receipt_file, name="receipt_file"),
    path("inbox/<int:pk>/return/", views.receipt_return_view, name="receipt_return"),
    path("inbox/<int:pk>/accept/", views.receipt_accept_view, name="receipt_accept"),
    path("communes/choose/", views.choose_commune, name="choose_commune"),
    # The province administrator's set-up of communes.
    path("communes/", setup_views.communes, name="communes"),
    path("communes/new/", setup_views.commune_create, name="commune_create"),
    path("communes/<int:pk>/", setup_views.commune_page, name="commune"),
    path("communes/<int:pk>/edit/", setup_views.commune_edit, name="commune_edit"),
    path("communes/<int:pk>/villages/new/", setup_views.village_create, name="village_create"),
    path(
        "communes/<int:pk>/villages/<int:village_pk>/",
        setup_views.village_edit,
        name="village_edit",
    ),
    path("communes/<int:pk>/bodies/new/", setup_views.body_create, name="body_create"),
    path("communes/<int:pk>/bodies/<int:body_pk>/", setup_views.body_edit, name="body_edit"),
    path(
        "communes/<int:pk>/accounts/new/",
        setup_views.account_create_view,
        name="account_create",
    ),
    path(
        "communes/<int:pk>/accounts/<int:user_pk>/active/",
        setup_views.account_active,
        name="account_active",
    ),
    path(
        "communes/<int:pk>/accounts/<int:user_pk>/deactivate/",
        setup_views.account_deactivate,
        name="account_deactivate",
    ),
]
