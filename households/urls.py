from django.urls import path

from households import views, views_import

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("them/", views.household_create, name="create"),
    path("xuat-excel/", views.household_export, name="export"),
    path("danh-sach-cong-khai/", views.public_list, name="public_list"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/sua/", views.household_edit, name="edit"),
    path("<int:pk>/tinh-trang/", views.household_status, name="status"),
    path("<int:pk>/thanh-vien/<int:member_pk>/lam-chu-ho/", views.member_make_head, name="make_head"),
    path("<int:pk>/phan-loai/them/", views.classification_create, name="classification_create"),
    path(
        "<int:pk>/phan-loai/<int:classification_pk>/sua/",
        views.classification_edit,
        name="classification_edit",
    ),
    path("nhap-excel/", views_import.import_upload, name="import_upload"),
    path("nhap-excel/xem-truoc/", views_import.import_preview, name="import_preview"),
    path("nhap-excel/xac-nhan/", views_import.import_confirm, name="import_confirm"),
    path("nhap-excel/tep-mau.xlsx", views_import.import_template, name="import_template"),
    path("nhap-excel/tep-co-cot-loi.xlsx", views_import.import_refused_copy, name="import_refused_copy"),
    path("to-cong-dong/", views.group_list, name="group_list"),
    path("to-cong-dong/them/", views.group_create, name="group_create"),
    path("to-cong-dong/<int:pk>/", views.group_detail, name="group_detail"),
    path("to-cong-dong/<int:pk>/sua/", views.group_edit, name="group_edit"),
    path(
        "to-cong-dong/<int:pk>/thanh-vien/<int:membership_pk>/roi-to/",
        views.group_member_leave,
        name="group_member_leave",
    ),
]
