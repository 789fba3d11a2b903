from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.documents, name="documents"),
    path("import/", views.upload, name="import"),
    path("insights/", views.insights, name="insights"),
    path("d/<int:doc_id>/", views.document, name="document"),
    path("ask/", views.ask, name="ask"),
    path("answers/", views.answers, name="answers"),
    path("draft/", views.draft, name="draft"),
    path("use/", views.use, name="use"),
    path("case/<str:number>/", views.case, name="case"),
]
