from django.urls import path

from giamngheo.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.register_list, name="register"),
    path("<int:pk>/tep/", views.document_file, name="file"),
    path("<int:pk>/thay-the/", views.document_replace, name="replace"),
    path("xa/<int:commune_pk>/nguoi-ky/them/", views.signatory_add, name="signatory_add"),
    path("nguoi-ky/<int:pk>/", views.signatory_edit, name="signatory_edit"),
]
