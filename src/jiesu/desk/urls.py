from django.urls import path

from .views import (
    account,
    handling,
    intake,
    notifications,
    platform,
    queues,
    search,
    supervision,
    tickets,
)

app_name = "desk"

T = "t/<str:number>/"
A = T + "a/<int:assignment_id>/"
R = T + "return/<int:request_id>/"

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
    # the platform's steps
    path(T + "dispatch/", platform.dispatch, name="dispatch"),
    path(T + "answer-online/", platform.answer_online, name="answer_online"),
    path(T + "divert/", platform.divert, name="divert"),
    path(T + "merge/", platform.merge, name="merge"),
    path(T + "classify/", platform.classify, name="classify"),
    path(T + "callback/", platform.callback, name="callback"),
    path(A + "redispatch/", platform.redispatch, name="redispatch"),
    path(R + "decide/", platform.return_decide, name="return_decide"),
    path(
        T + "extension/<int:request_id>/decide/", platform.extension_decide, name="extension_decide"
    ),
    # the handling unit's steps
    path(A + "sign/", handling.sign, name="sign"),
    path(A + "reply/", handling.reply, name="reply"),
    path(A + "extension/", handling.extension, name="extension"),
    path(A + "return/", handling.return_request, name="return"),
    path(R + "statement/", tickets.statement, name="statement"),
    path(R + "statement/upload/", handling.statement_upload, name="statement_upload"),
    path(R + "leader-review/", handling.return_leader, name="return_leader"),
    path(T + "r/<int:reply_id>/review/", handling.review, name="review"),
    # the supervision desk's steps
    path(T + "escalate/", supervision.escalate, name="escalate"),
    path(T + "supervise/", supervision.supervise, name="supervise"),
    path(T + "instruct/", supervision.instruct, name="instruct"),
    path(T + "clue/", supervision.clue, name="clue"),
    path(T + "<str:kind>/<int:task_id>/feedback/", supervision.feedback, name="feedback"),
]
