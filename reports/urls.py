from django.urls import path

from reports import dashboard, public, views, views_missions

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("giai-ngan/", views.budget, name="budget"),
    path("bang/<slug:code>/", views.component_table, name="table"),
    path("tong-quan/", dashboard.dashboard, name="dashboard"),
    path("mo-hinh/", views.model_evaluation, name="model_evaluation"),
    path("giam-sat/tao/", views.monitoring_create, name="monitoring_create"),
    path("giam-sat/<int:pk>/", views.monitoring_detail, name="monitoring_detail"),
    path("giam-sat/<int:pk>/du-thao.pdf", views.monitoring_preview, name="monitoring_preview"),
    path("giam-sat/<int:pk>/bang.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
    path("giam-sat/<int:pk>/ban-hanh/", views.monitoring_issue, name="monitoring_issue"),
    path("giam-sat/<int:pk>/thay-the/", views.monitoring_replace, name="monitoring_replace"),
    path("giam-sat/<int:pk>/gui-cap-tren/", views.monitoring_submit, name="monitoring_submit"),
    path("xuat/", views.export_start, name="export_start"),
    path("xuat/<int:pk>/", views.export_detail, name="export_detail"),
    path("xuat/<int:pk>/tai/", views.export_download, name="export_download"),
    path("giam-sat-doan/", views_missions.mission_list, name="mission_list"),
    path("giam-sat-doan/<int:pk>/", views_missions.mission_detail, name="mission_detail"),
    path(
        "giam-sat-doan/<int:pk>/don-vi/<int:unit_pk>/kien-nghi/",
        views_missions.recommendation_add,
        name="recommendation_add",
    ),
    path("kien-nghi/<int:pk>/khac-phuc/", views_missions.recommendation_remedy, name="recommendation_remedy"),
    path("mau-bieu/", views.definition_list, name="definition_list"),
    path("mau-bieu/<int:pk>/sua/", views.definition_edit, name="definition_edit"),
    path("cong-khai/<str:code>/", public.commune_page, name="public"),
]
