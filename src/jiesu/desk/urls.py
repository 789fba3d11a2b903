from django.urls import path

from .views import account, intake, notifications, search, tickets

app_name = "desk"

urlpatterns = [
    path("", tickets.ticket_list, name="list"),
    path("new/", intake.intake, name="intake"),
    path("new/caller/", intake.caller_history, name="intake_caller"),
    path("search/", search.search, name="search"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/bell/", notifications.bell, name="bell"),
    path("notifications/read/", notifications.mark_read, name="notifications_read"),
    path("password/", account.password, name="password"),
    path("t/<str:number>/", tickets.ticket_detail, name="ticket"),
    path("t/<str:number>/dispatch/", tickets.do_dispatch, name="dispatch"),
    path("t/<str:number>/answer-online/", tickets.do_answer_online, name="answer_online"),
    path("t/<str:number>/callback/", tickets.do_callback, name="callback"),
    path("t/<str:number>/a/<int:assignment_id>/sign/", tickets.do_sign, name="sign"),
    path("t/<str:number>/a/<int:assignment_id>/reply/", tickets.do_reply, name="reply"),
    path("t/<str:number>/r/<int:reply_id>/review/", tickets.do_review, name="review"),
]
