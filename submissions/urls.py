from django.urls import path

from submissions import views

app_name = "submissions"

# Mounted under reports/submissions/ (ntm_portal/urls.py): the addresses the bodies
# have bookmarked stay the same since the pages moved out of `reports`.
urlpatterns = [
    path("", views.submissions_current, name="submissions_current"),
    path("<month:month>/", views.submissions, name="submissions"),
    path("<month:month>/<int:body_pk>/", views.submission, name="submission"),
    path("<month:month>/<int:body_pk>/send-back/", views.send_back, name="send_back"),
]
