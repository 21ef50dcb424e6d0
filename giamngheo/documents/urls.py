from django.urls import path

from giamngheo.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/tep/", views.document_file, name="file"),
]
