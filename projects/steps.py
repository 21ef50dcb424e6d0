"""One body for every "form step" of a project: a step is a form class, a service and the words
of its page. The view that takes it is three lines:

    def project_cancel(request, pk):
        project = move_project(request, pk, "cancel")
        return take_step(request, project, CANCEL, initial={"version": project.version})

GET shows the form; POST binds it (never on GET) and, when valid, calls the service. A
refusal by the service shows the same form again with what the user typed and the reason; a
stale project or one in another state goes back to the project page with the reason, since the
form no longer applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import render

from giamngheo import access
from giamngheo.htmx import redirect_after_post
from projects import selectors
from projects.models import Project
from projects.services import StaleProject, WorkflowError, WrongState


@dataclass(frozen=True)
class Step:
    form_class: type
    service: Callable
    title: str
    button: str
    success: str
    intro: str = ""
    danger: bool = False
    # cleaned_data → the service's keyword arguments (default: all of it)
    arguments: Callable | None = None
    template: str = "projects/move_form.html"
    extra: dict = field(default_factory=dict)


def move_project(request, pk: int, move: str) -> Project:
    """Fetch in scope (404) and check the role for this move at this place (403)."""
    project = selectors.get_project(request.user, pk)
    access.require(request.user, Project.MOVES[move].action, village=project.village)
    return project


def show_step(request, project: Project, step: Step, form, **context):
    page = {
        "project": project,
        "form": form,
        "title": step.title,
        "intro": step.intro,
        "button": step.button,
        "danger": step.danger,
    }
    return render(request, step.template, page | step.extra | context)


def take_step(
    request,
    project: Project,
    step: Step,
    *,
    initial: dict | None = None,
    form_kwargs: dict | None = None,
    subject=None,
    context: dict | None = None,
    done: Callable | None = None,
):
    """Show, bind, validate, run the service, answer. `subject` is what the service acts on
    (a row of the project) when it is not the project itself; `done(result)` may name where to
    go after success (default: the project page)."""
    form_kwargs = form_kwargs or {}
    if request.method != "POST":
        form = step.form_class(initial=initial or {}, **form_kwargs)
        return show_step(request, project, step, form, **(context or {}))
    form = step.form_class(request.POST, request.FILES or None, **form_kwargs)
    if form.is_valid():
        arguments = step.arguments(form) if step.arguments else dict(form.cleaned_data)
        try:
            result = step.service(project if subject is None else subject, by=request.user, **arguments)
        except (StaleProject, WrongState) as error:
            messages.error(request, str(error))
            return redirect_after_post(request, project)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, step.success)
            return redirect_after_post(request, done(result) if done else project)
    return show_step(request, project, step, form, **(context or {}))
