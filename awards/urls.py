from django.urls import path

from awards import views
from awards.feeds import NewDecisions
from awards.rolls import RECORDS

urlpatterns = [
    path("", views.home, name="home"),
    path("honours/", views.honours_index, name="honours_index"),
    path("honours/<int:year>/", views.honours_year, name="honours_year"),
    path("honours/<int:year>/<slug:slug>/", views.honours_title, name="honours_title"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    # Cached as a record's page: until a decision or an award changes.
    path("decisions/feed/", views.cached_page(kind=RECORDS)(NewDecisions()), name="decision_feed"),
    path("pacts/", views.pact_index, name="pact_index"),
    path("pacts/<int:year>/", views.pact_year, name="pact_year"),
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("titles/", views.title_list, name="title_list"),
    path("search/", views.search, name="search"),
    path("communes/<int:pk>/", views.commune_detail, name="commune_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
]
