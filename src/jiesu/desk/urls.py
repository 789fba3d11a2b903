from django.urls import path

from .views import (
    account,
    intake,
    notifications,
    queues,
    search,
    steps,
    tickets,
)

app_name = "desk"

T = "t/<str:number>/"

urlpatterns = [
    path("", queues.home, name="home"),
    path("queues/tabs/", queues.queue_tabs, name="queue_tabs"),
    path("tickets/", queues.ticket_list, name="list"),
    path("new/", intake.intake, name="intake"),
    path("new/caller/", intake.caller_history, name="intake_caller"),
    path("search/", search.search, name="search"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/bell/", notifications.bell, name="bell"),
    path("notifications/read/", notifications.mark_read, name="notifications_read"),
    path("password/", account.password, name="password"),
    path(T, tickets.ticket_detail, name="ticket"),
    path(T + "return/<int:request_id>/statement/", tickets.statement, name="statement"),
    # every step of the ticket page, one URL per row of ``desk.steps``
    *steps.urlpatterns(T),
]
