from django.urls import path  # noqa: F401  (views arrive with their feature)

app_name = "projects"
urlpatterns: list = []
