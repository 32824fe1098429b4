from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.status, name="status"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/file/", views.page, name="page"),
    path("<int:pk>/file/download/", views.result, name="result"),
]
