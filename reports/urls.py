from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("submissions/", views.submissions_current, name="submissions_current"),
    path("submissions/<month:month>/", views.submissions, name="submissions"),
    path("submissions/<month:month>/<int:body_pk>/", views.submission, name="submission"),
    path(
        "submissions/<month:month>/<int:body_pk>/send-back/",
        views.send_back,
        name="send_back",
    ),
]
