from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("done/", views.done, name="done"),
    path("follow/", views.follow, name="follow"),
    path("t/<str:number>/", views.ticket, name="ticket"),
    path("t/<str:number>/rate/", views.rate, name="rate"),
    path("media/<str:kind>/<int:pk>/", views.media, name="media"),
]
