from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.current, name="current"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/<str:kind>/", views.document, name="document"),
]
