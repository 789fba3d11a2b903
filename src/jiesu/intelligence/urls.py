from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("suggest/", views.suggestions, name="suggest"),
    path("hotspots/", views.hotspot_page, name="hotspots"),
]
