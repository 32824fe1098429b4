from django.urls import path

from province import views

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
]
