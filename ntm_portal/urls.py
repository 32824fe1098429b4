from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from criteria.periods import MonthConverter
from ntm_portal import views

register_converter(MonthConverter, "month")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("criteria.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
