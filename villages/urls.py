from django.urls import path

from villages import views

app_name = "villages"

urlpatterns = [
    path("register.xlsx", views.register_download, name="register_download"),
    path("register/upload/", views.register_upload, name="register_upload"),
    path("register/uploads/<int:pk>/", views.register_review, name="register_preview"),
]
