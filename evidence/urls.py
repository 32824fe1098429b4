from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("evidence/upload/figure/<month:month>/", views.upload_figure, name="upload_figure"),
    path("evidence/upload/progress/", views.upload_progress, name="upload_progress"),
    path("evidence/upload/submission/<int:pk>/", views.upload_submission, name="upload_submission"),
    path("evidence/<int:pk>/", views.download, name="download"),
    path("evidence/<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("evidence/<int:pk>/delete/", views.delete, name="delete"),
    path("dossier/", views.dossier, name="dossier"),
    path("dossier/criteria/<int:number>.zip", views.dossier_criterion_zip, name="criterion_zip"),
    path("dossier/all.zip", views.dossier_zip, name="all_zip"),
]
