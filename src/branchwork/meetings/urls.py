from django.urls import path

from branchwork.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("plan/", views.meeting_plan, name="plan"),
    path("new/", views.meeting_edit, name="create"),
    path("compliance/", views.compliance, name="compliance"),
    path("export.xlsx", views.year_export, name="export"),
    path("attendance/", views.attendance_report, name="attendance"),
    path("appraisal/", views.appraisal, name="appraisal"),
    path("feed/", views.calendar_feed, name="feed"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="set_attendance"),
    path("<int:pk>/votes/", views.meeting_vote, name="vote"),
    path("<int:pk>/attachments/", views.meeting_attach, name="attach"),
    path("<int:pk>/minutes.docx", views.meeting_minutes, name="minutes"),
]
