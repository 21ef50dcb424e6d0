from projects.models import Project


def test_the_whole_path_through_services(project_in):
    project = project_in(Project.Status.WITHDRAWN)
    assert project.status == Project.Status.WITHDRAWN
    kinds = list(project.events.values_list("kind", flat=True))
    assert kinds[0] == "created" and kinds[-1] == "withdraw"
