from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from criteria.periods import MonthConverter
from ntm_portal import views

register_converter(MonthConverter, "month")

admin.site.site_header = _("NTM Portal administration")
admin.site.site_title = _("NTM Portal administration")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Own template names: Django's default ones are the admin's, which would be overridden.
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_changed.html"
        ),
        name="password_change_done",
    ),
    path("", include("criteria.urls")),
    path("criteria-sets/", include("criteria.set_urls")),
    path("villages/", include("villages.urls")),
    path("reports/submissions/", include("submissions.urls")),
    path("reports/", include("reports.urls")),
    path("plans/", include("plans.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("province/", include("province.urls")),
    path("", include("evidence.urls")),
    path("self-assessment/", include("assessment.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A database outage caught outside a view still gets the 503 page, not the 500 one.
handler500 = "ntm_portal.views.server_error"
