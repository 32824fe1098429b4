from django.urls import path

from criteria import set_views as views

app_name = "sets"

urlpatterns = [
    path("", views.set_list, name="list"),
    path("upload/", views.set_upload, name="upload"),
    path("uploads/<int:pk>/", views.set_upload_preview, name="upload_preview"),
    path("<slug:code>/", views.set_detail, name="detail"),
    path("<slug:code>/file/", views.set_download, name="download"),
    path("<slug:code>/diff/", views.set_diff_page, name="diff"),
    path("<slug:code>/edit/", views.set_edit, name="edit"),
    path("<slug:code>/publish/", views.set_publish, name="publish"),
    path("<slug:code>/new-version/", views.set_new_version, name="new_version"),
    path("<slug:code>/criteria/new/", views.criterion_edit, name="criterion_add"),
    path("<slug:code>/criteria/<int:number>/", views.criterion_edit, name="criterion_edit"),
    path(
        "<slug:code>/criteria/<int:number>/action/",
        views.criterion_action,
        name="criterion_action",
    ),
    path("<slug:code>/indicators/new/", views.indicator_edit, name="indicator_add"),
    path("<slug:code>/indicators/<str:indicator>/", views.indicator_edit, name="indicator_edit"),
    path(
        "<slug:code>/indicators/<str:indicator>/action/",
        views.indicator_action,
        name="indicator_action",
    ),
    path(
        "<slug:code>/indicators/<str:indicator>/threshold/",
        views.threshold_edit,
        name="threshold",
    ),
    path(
        "<slug:code>/thresholds/<int:pk>/delete/", views.threshold_delete, name="threshold_delete"
    ),
]
