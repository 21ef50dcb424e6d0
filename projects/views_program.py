"""The administrator's screen for programs and their component tree (outside the Django admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamngheo import access
from giamngheo.htmx import redirect_after_post
from projects import services_program
from projects.forms_life import ComponentForm
from projects.models import Component, Program
from projects.services import WorkflowError


@require_GET
@login_required
@access.action_required("program.manage")
def program_list(request):
    programs = Program.objects.prefetch_related("legal_bases").order_by("-start_year")
    return render(request, "projects/program_list.html", {"programs": programs})


@require_GET
@login_required
@access.action_required("program.manage")
def program_detail(request, pk: int):
    program = get_object_or_404(Program.objects.prefetch_related("legal_bases"), pk=pk)
    components = list(program.components.order_by("order", "code"))
    roots = [c for c in components if c.parent_id is None]
    children = {}
    for c in components:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    tree = [(root, children.get(root.pk, [])) for root in roots]
    return render(request, "projects/program_detail.html", {"program": program, "tree": tree})


def _component_page(request, program, form, component=None):
    return render(
        request, "projects/component_form.html", {"program": program, "form": form, "component": component}
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("program.manage")
def component_add(request, pk: int):
    program = get_object_or_404(Program, pk=pk)
    if request.method == "POST":
        form = ComponentForm(request.POST, program=program)
        if form.is_valid():
            try:
                services_program.add_component(program, by=request.user, **form.component_fields())
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Đã thêm nội dung vào chương trình."))
                return redirect_after_post(request, "projects:program_detail", program.pk)
    else:
        last = program.components.order_by("-order").first()
        form = ComponentForm(program=program, initial={"order": (last.order + 1) if last else 1})
    return _component_page(request, program, form)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("program.manage")
def component_edit(request, pk: int, component_pk: int):
    program = get_object_or_404(Program, pk=pk)
    component = get_object_or_404(program.components, pk=component_pk)
    if request.method == "POST":
        form = ComponentForm(request.POST, instance=component, program=program)
        if form.is_valid():
            try:
                services_program.update_component(component, by=request.user, **form.component_fields())
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Đã lưu nội dung."))
                return redirect_after_post(request, "projects:program_detail", program.pk)
    else:
        form = ComponentForm(instance=component, program=program)
    return _component_page(request, program, form, component)


@require_POST
@login_required
@access.action_required("program.manage")
def component_action(request, pk: int, component_pk: int, what: str):
    """Move up or down, switch off or on."""
    program = get_object_or_404(Program, pk=pk)
    component = get_object_or_404(Component.objects.filter(program=program), pk=component_pk)
    actions = {
        "len": lambda: services_program.move_component(component, by=request.user, up=True),
        "xuong": lambda: services_program.move_component(component, by=request.user, up=False),
        "ngung": lambda: services_program.set_component_active(component, by=request.user, active=False),
        "dung-lai": lambda: services_program.set_component_active(component, by=request.user, active=True),
    }
    if what not in actions:
        messages.error(request, _("Yêu cầu không hợp lệ."))
    else:
        try:
            actions[what]()
        except WorkflowError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Đã cập nhật cây nội dung."))
    return redirect_after_post(request, "projects:program_detail", program.pk)
