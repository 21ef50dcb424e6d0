from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from giamngheo import views

urlpatterns = [
    path("", views.home, name="home"),
    path("quan-tri/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("tai-khoan/", views.account_list, name="account_list"),
    path("tai-khoan/tao/", views.account_create, name="account_create"),
    path("tai-khoan/<int:pk>/dat-lai-mat-khau/", views.account_reset_password, name="account_reset_password"),
    path("tai-khoan/<int:pk>/khoa/", views.account_toggle_active, name="account_toggle_active"),
    path("tai-khoan/<int:pk>/go-khoa-dang-nhap/", views.account_unlock_login, name="account_unlock_login"),
    path("thon/", views.village_list, name="village_list"),
    path("thon/<int:pk>/sua/", views.village_edit, name="village_edit"),
    path("xa/<int:pk>/cai-dat/", views.commune_settings, name="commune_settings"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("ho/", include("households.urls")),
    path("du-an/", include("projects.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("bao-cao/", include("reports.urls")),
    path("van-ban/", include("giamngheo.documents.urls")),
]

handler403 = "giamngheo.views.forbidden"
handler404 = "giamngheo.views.not_found"
handler500 = "giamngheo.views.server_error"
