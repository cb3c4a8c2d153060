from django.urls import path

from awards import views

urlpatterns = [
    path("", views.home, name="home"),
    path("titles/", views.title_list, name="title_list"),
]
