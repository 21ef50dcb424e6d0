from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.work, name="work"),
    path("don-vi-cung-ung/", views.supplier_list, name="supplier_list"),
    path("du-an/<int:project_pk>/ban-giao/tao/", views.handover_create, name="handover_create"),
    path("du-an/<int:project_pk>/chon-mau/", views.project_sample, name="project_sample"),
    path("ban-giao/<int:pk>/", views.handover_detail, name="handover_detail"),
    path("ban-giao/<int:pk>/them-dong/", views.handover_add_line, name="handover_add_line"),
    path("ban-giao/<int:pk>/dong/<int:line_pk>/bo/", views.handover_remove_line, name="handover_remove_line"),
    path("ban-giao/<int:pk>/ban-hanh/", views.handover_issue, name="handover_issue"),
    path("ban-giao/<int:pk>/du-thao.pdf", views.handover_preview, name="handover_preview"),
    path(
        "ban-giao/<int:pk>/ho/<int:household_pk>.pdf",
        views.handover_household_pdf,
        name="handover_household_pdf",
    ),
    path("ban-giao/<int:pk>/ban-ky/", views.handover_upload_scan, name="handover_upload_scan"),
    path("ban-giao/<int:pk>/ban-ky/tep/", views.handover_scan_file, name="handover_scan_file"),
    path("ban-giao/<int:pk>/dinh-chinh/", views.handover_correct, name="handover_correct"),
    path("cam-ket/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("cam-ket/<int:pk>/phieu-kiem-tra.pdf", views.commitment_blank_form, name="commitment_blank_form"),
    path("cam-ket/<int:pk>/dot-xuat/", views.commitment_adhoc, name="commitment_adhoc"),
    path("cam-ket/<int:pk>/ket-thuc/", views.commitment_close, name="commitment_close"),
    path("cam-ket/<int:pk>/thu-hoi/", views.recovery_propose, name="recovery_propose"),
    path("cam-ket/<int:pk>/luan-chuyen/", views.rotation_record, name="rotation_record"),
    path("lan/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("lan/<int:pk>/ghi/", views.inspection_record, name="inspection_record"),
    path("lan/<int:pk>/anh/<int:photo_pk>/", views.inspection_photo, name="inspection_photo"),
    path("lan/<int:pk>/xu-ly/", views.inspection_consequence, name="inspection_consequence"),
    path("dot/", views.round_list, name="round_list"),
    path("dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("dot/<int:pk>/ket-thuc/", views.round_close, name="round_close"),
    path("ho/<int:household_pk>/ghi-nhan/", views.monitoring_note, name="monitoring_note"),
    path("thu-hoi/<int:pk>/", views.recovery_detail, name="recovery_detail"),
    path("thu-hoi/<int:pk>/quyet-dinh/", views.recovery_decide, name="recovery_decide"),
    path("thu-hoi/<int:pk>/bien-ban/", views.recovery_record, name="recovery_record"),
    path("thu-hoi/<int:pk>/xu-ly/", views.recovery_settle, name="recovery_settle"),
]
