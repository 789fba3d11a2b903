from django.urls import path

from .views import intake, queues, tickets

app_name = "desk"

urlpatterns = [
    path("", queues.home, name="home"),
    path("queues/tabs/", queues.queue_tabs, name="queue_tabs"),
    path("tickets/", queues.ticket_list, name="list"),
    path("new/", intake.intake, name="intake"),
    path("t/<str:number>/", tickets.ticket_detail, name="ticket"),
    path("t/<str:number>/dispatch/", tickets.do_dispatch, name="dispatch"),
    path("t/<str:number>/answer-online/", tickets.do_answer_online, name="answer_online"),
    path("t/<str:number>/callback/", tickets.do_callback, name="callback"),
    path("t/<str:number>/a/<int:assignment_id>/sign/", tickets.do_sign, name="sign"),
    path("t/<str:number>/a/<int:assignment_id>/reply/", tickets.do_reply, name="reply"),
    path("t/<str:number>/r/<int:reply_id>/review/", tickets.do_review, name="review"),
]
