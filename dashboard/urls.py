from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.current, name="current"),
    path("<month:month>/", views.overview, name="month"),
    path("<month:month>/criteria/<int:number>/", views.criterion, name="criterion"),
    path("<month:month>/villages/<int:pk>/", views.village, name="village"),
]
