"""Every page of the workflow renders for the people who use it."""

import pytest
from django.urls import reverse

from projects.models import Project


@pytest.mark.parametrize(
    "status",
    [
        Project.Status.DRAFT,
        Project.Status.BCD_REVIEW,
        Project.Status.SUBMITTED_UPWARD,
        Project.Status.IMPLEMENTING,
    ],
)
@pytest.mark.parametrize(
    "person", ["officer", "village_head", "bcd_member", "leader", "supervisor", "upper_viewer"], indirect=True
)
def test_project_page_renders_for_everyone_in_scope(client, project_in, person, status):
    project = project_in(status)
    client.force_login(person)
    r = client.get(reverse("projects:detail", args=[project.pk]))
    assert r.status_code == 200
    assert project.name in r.content.decode()


def test_lists_render(client, project_in, officer):
    project_in(Project.Status.APPROVED)
    client.force_login(officer)
    for name in ["projects:list", "projects:round_list", "projects:round_create"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("home")).status_code == 200
