from django.urls import path
from django.views.generic import RedirectView

from projects import documents, views, views_life, views_meetings, views_program

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("dot/", views.round_list, name="round_list"),
    path("dot/tao/", views.round_create, name="round_create"),
    path("dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("dot/<int:pk>/thong-bao/", views.round_publish, name="round_publish"),
    path("dot/<int:round_pk>/thon/<int:village_pk>/de-xuat/", views.project_create, name="create"),
    # The disbursement report moved to reports/; the old address keeps working.
    path(
        "giai-ngan/",
        RedirectView.as_view(pattern_name="reports:budget", query_string=True, permanent=True),
        name="budget_report",
    ),
    path("hop-bcd/", views_meetings.bcd_meeting, name="bcd_meeting"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/sua/", views.project_edit, name="edit"),
    path("<int:pk>/tep/bien-ban-hop-thon/", views.meeting_minutes_file, name="meeting_minutes_file"),
    path(
        "<int:pk>/tep/cam-ket/<int:participant_pk>/", views.commitment_scan_file, name="commitment_scan_file"
    ),
    path("<int:pk>/noi-dung/them/", views.item_add, name="item_add"),
    path("<int:pk>/noi-dung/<int:item_pk>/xoa/", views.item_remove, name="item_remove"),
    path("<int:pk>/ho/chon/", views.participant_candidates, name="candidates"),
    path("<int:pk>/ho/them/", views.participant_add, name="participant_add"),
    path("<int:pk>/ho/<int:participant_pk>/sua/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/ho/<int:participant_pk>/bo/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/gui-xa/", views.project_submit, name="submit"),
    path("<int:pk>/tra-lai/", views.project_return, name="return"),
    path("<int:pk>/trinh-bcd/", views.project_send_to_bcd, name="send_to_bcd"),
    path("<int:pk>/ket-luan-bcd/", views.project_bcd_decision, name="bcd_decision"),
    path("<int:pk>/trinh-cap-tren/", views.project_submit_upward, name="submit_upward"),
    path("<int:pk>/quyet-dinh/", views.project_upper_decision, name="upper_decision"),
    path("<int:pk>/trien-khai/", views.project_start, name="start"),
    path("<int:pk>/thu-hoi/", views.project_withdraw, name="withdraw"),
    path("<int:pk>/niem-yet/", views.posting_add, name="posting_add"),
    path("<int:pk>/phan-anh/", views.complaint_add, name="complaint_add"),
    path(
        "<int:pk>/phan-anh/<int:complaint_pk>/giai-quyet/", views.complaint_resolve, name="complaint_resolve"
    ),
    path("<int:pk>/giai-ngan/", views.disbursement_add, name="disbursement_add"),
    path("<int:pk>/in/de-xuat.pdf", documents.proposal_pdf, name="proposal_pdf"),
    path("<int:pk>/in/cam-ket/<int:participant_pk>.pdf", documents.commitment_pdf, name="commitment_pdf"),
    path("<int:pk>/in/bien-ban-bcd/<int:decision_pk>.pdf", documents.bcd_minutes_pdf, name="bcd_minutes_pdf"),
    path("<int:pk>/in/to-trinh.pdf", documents.submission_pdf, name="submission_pdf"),
    path(
        "<int:pk>/in/niem-yet/<int:posting_pk>.pdf", documents.posting_notice_pdf, name="posting_notice_pdf"
    ),
    # a project's life and the commune approval route (Decree 358/2025)
    path("<int:pk>/huy/", views_life.project_cancel, name="cancel"),
    path("<int:pk>/cap-tren-tra-lai/", views_life.project_upper_return, name="upper_return"),
    path("<int:pk>/chuyen-hoi-dong/", views_life.project_send_to_council, name="send_to_council"),
    path("<int:pk>/tham-dinh/", views_life.project_council_review, name="council_review"),
    path("<int:pk>/phe-duyet/", views_life.project_commune_approve, name="commune_approve"),
    path("<int:pk>/khong-phe-duyet/", views_life.project_commune_refuse, name="commune_refuse"),
    path("<int:pk>/dieu-chinh/", views_life.project_adjust, name="adjust"),
    path("<int:pk>/dieu-chinh/<int:number>/", views_life.project_revision, name="revision"),
    path("<int:pk>/nghiem-thu/", views_life.project_complete, name="complete"),
    path("<int:pk>/de-xuat-lai/", views_life.project_repropose, name="repropose"),
    path("dot/<int:pk>/ket-thuc/", views_life.round_close, name="round_close"),
    path("dot/<int:pk>/keu-goi/", views_life.round_call, name="round_call"),
    path("dot/<int:pk>/hoi-dong/", views_life.round_council, name="round_council"),
    path("dot/<int:pk>/in/thong-bao.pdf", views_life.round_call_file, name="round_call_file"),
    # the program tree (administrators)
    path("chuong-trinh/", views_program.program_list, name="program_list"),
    path("chuong-trinh/<int:pk>/", views_program.program_detail, name="program_detail"),
    path("chuong-trinh/<int:pk>/them/", views_program.component_add, name="component_add"),
    path(
        "chuong-trinh/<int:pk>/noi-dung/<int:component_pk>/sua/",
        views_program.component_edit,
        name="component_edit",
    ),
    path(
        "chuong-trinh/<int:pk>/noi-dung/<int:component_pk>/<slug:what>/",
        views_program.component_action,
        name="component_action",
    ),
]
