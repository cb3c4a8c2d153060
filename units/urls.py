from django.urls import path

from units import views

urlpatterns = [
    path("communes/<int:pk>/", views.commune_detail, name="commune_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
]
