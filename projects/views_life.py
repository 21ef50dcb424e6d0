"""Pages of a project's life beyond the proposal and of the commune approval route. Every form
step goes through `projects.steps.take_step`; see there for the shape."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamngheo import access
from giamngheo.htmx import redirect_after_post
from projects import eligibility, selectors, services_life
from projects.forms_life import (
    AdjustForm,
    CallForm,
    CancelForm,
    CommuneApprovalForm,
    CompletionForm,
    CouncilForm,
    CouncilReviewForm,
    RefuseForm,
    ReproposeForm,
    UpperReturnForm,
)
from projects.models import Council, FundingSource, Project
from projects.services import WorkflowError
from projects.steps import Step, move_project, take_step

CANCEL = Step(
    CancelForm,
    services_life.cancel_project,
    title=gettext_lazy("Hủy đề xuất"),
    intro=gettext_lazy("Đề xuất bị hủy không còn giữ hộ tham gia và kinh phí của đợt; lịch sử vẫn được lưu."),
    button=gettext_lazy("Hủy đề xuất"),
    success=gettext_lazy("Đã hủy đề xuất."),
    danger=True,
)
UPPER_RETURN = Step(
    UpperReturnForm,
    services_life.upper_return,
    title=gettext_lazy("Cấp trên trả lại hồ sơ để bổ sung"),
    button=gettext_lazy("Ghi trả lại"),
    success=gettext_lazy("Đã ghi: cấp trên trả lại hồ sơ để bổ sung."),
)
COUNCIL_REVIEW = Step(
    CouncilReviewForm,
    services_life.record_council_review,
    title=gettext_lazy("Ghi kết quả thẩm định của hội đồng"),
    intro=gettext_lazy("Sau khi lưu, biên bản họp hội đồng được đánh số và ban hành."),
    button=gettext_lazy("Lưu và ban hành biên bản"),
    success=gettext_lazy("Đã ghi kết quả thẩm định và ban hành biên bản."),
)
COMMUNE_APPROVE = Step(
    CommuneApprovalForm,
    services_life.commune_approve,
    title=gettext_lazy("Quyết định phê duyệt dự án"),
    intro=gettext_lazy("Quyết định được đánh số trong sổ văn bản của xã và ban hành ngay khi lưu."),
    button=gettext_lazy("Ban hành quyết định phê duyệt"),
    success=gettext_lazy("Đã ban hành quyết định phê duyệt."),
    arguments=lambda form: {
        "version": form.cleaned_data["version"],
        "decision_date": form.cleaned_data["decision_date"],
        "amounts": form.amounts,
    },
)
COMMUNE_REFUSE = Step(
    RefuseForm,
    services_life.commune_refuse,
    title=gettext_lazy("Không phê duyệt dự án"),
    button=gettext_lazy("Ghi không phê duyệt"),
    success=gettext_lazy("Đã ghi: không phê duyệt dự án."),
    danger=True,
)
ADJUST = Step(
    AdjustForm,
    services_life.adjust_project,
    title=gettext_lazy("Điều chỉnh dự án"),
    intro=gettext_lazy(
        "Mỗi lần điều chỉnh theo một quyết định; danh sách hộ, nội dung và kinh phí trước điều chỉnh được lưu lại."
    ),
    button=gettext_lazy("Lưu điều chỉnh"),
    success=gettext_lazy("Đã lưu điều chỉnh dự án."),
    arguments=lambda form: form.service_arguments(),
)
COMPLETE = Step(
    CompletionForm,
    services_life.complete_project,
    title=gettext_lazy("Hoàn thành, nghiệm thu dự án"),
    button=gettext_lazy("Lưu nghiệm thu"),
    success=gettext_lazy("Đã ghi hoàn thành, nghiệm thu dự án."),
)


AFTER_APPROVAL = frozenset(
    {Project.Status.APPROVED, Project.Status.IMPLEMENTING, Project.Status.COMPLETED, Project.Status.WITHDRAWN}
)


def life_context(request, project: Project) -> dict:
    """What the project page shows of the project's life (added to the page's context)."""
    from giamngheo.documents import register

    user, village = request.user, project.village
    approved_once = project.status in AFTER_APPROVAL
    reviews = list(project.council_reviews.select_related("council")) if project.is_commune_route else []
    for review in reviews:
        review.minutes = register.current_for(review, "bb_hoi_dong").first()
    can_repropose = (
        project.status in Project.REPROPOSABLE
        and access.can(user, "project.propose", village=village)
        and services_life.open_rounds_for(project).exists()
    )
    return {
        "route": project.route,
        "council_reviews": reviews,
        "approval_document": register.current_for(project, "quyet_dinh").first()
        if project.is_commune_route and approved_once
        else None,
        "revisions": list(project.revisions.select_related("recorded_by")) if approved_once else [],
        "completion": getattr(project, "completion", None)
        if project.status == Project.Status.COMPLETED
        else None,
        "copies": list(project.copies.all()) if project.status in Project.REPROPOSABLE else [],
        "can_adjust": project.status in Project.ADJUSTABLE
        and access.can(user, "project.adjust", village=village),
        "can_repropose": can_repropose,
        "results_problem": services_life.results_posted(project)
        if project.status == Project.Status.COUNCIL_PASSED
        else "",
    }


def round_context(request, round_) -> dict:
    """What the round page shows of the call for proposals and the evaluation council."""
    return {
        "call": services_life.call_for(round_),
        "council": Council.objects.filter(round=round_).first(),
        "can_call": access.can(request.user, "round.call", commune=round_.commune),
    }


def _version(project: Project) -> dict:
    return {"version": project.version}


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.propose")
def project_cancel(request, pk: int):
    project = move_project(request, pk, "cancel")
    return take_step(request, project, CANCEL, initial=_version(project))


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.record_decision")
def project_upper_return(request, pk: int):
    project = move_project(request, pk, "upper_return")
    return take_step(request, project, UPPER_RETURN, initial=_version(project))


@require_POST
@login_required
@access.action_required("project.check")
def project_send_to_council(request, pk: int):
    from projects.views import _button_move

    return _button_move(
        request,
        pk,
        "send_to_council",
        services_life.send_to_council,
        _("Đã chuyển hồ sơ tới hội đồng thẩm định."),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.council")
def project_council_review(request, pk: int):
    project = move_project(request, pk, "council_pass")
    council = Council.objects.filter(round_id=project.round_id).first()
    initial = _version(project) | {"meeting_date": timezone.localdate()}
    if council:
        initial["members_present"] = council.members
    return take_step(request, project, COUNCIL_REVIEW, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.commune_approve")
def project_commune_approve(request, pk: int):
    project = move_project(request, pk, "commune_approve")
    proposed = eligibility.assess(project).budget
    initial = _version(project) | {"decision_date": timezone.localdate()}
    initial |= {f"amount_{source}": amount for source, amount in proposed.items()}
    problem = services_life.results_posted(project)
    return take_step(
        request,
        project,
        COMMUNE_APPROVE,
        initial=initial,
        form_kwargs={"proposed": proposed},
        context={"intro": f"{COMMUNE_APPROVE.intro} {problem}".strip()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.commune_approve")
def project_commune_refuse(request, pk: int):
    project = move_project(request, pk, "commune_refuse")
    return take_step(request, project, COMMUNE_REFUSE, initial=_version(project))


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.adjust")
def project_adjust(request, pk: int):
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.adjust", village=project.village)
    initial = _version(project) | {"decision_date": timezone.localdate()}
    return take_step(request, project, ADJUST, initial=initial, form_kwargs={"project": project})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.complete")
def project_complete(request, pk: int):
    project = move_project(request, pk, "complete")
    initial = _version(project) | {
        "accepted_on": timezone.localdate(),
        "households_reached": project.participants.count(),
    }
    return take_step(request, project, COMPLETE, initial=initial)


@require_GET
@login_required
def project_revision(request, pk: int, number: int):
    """One adjustment: the content before and after, side by side (the old version stays readable)."""
    project = selectors.get_project(request.user, pk)
    revision = get_object_or_404(project.revisions.select_related("recorded_by"), number=number)
    labels = dict(FundingSource.choices)
    versions = []
    for title, snapshot in ((_("Trước điều chỉnh"), revision.before), (_("Sau điều chỉnh"), revision.after)):
        rows = [(labels.get(source, source), amount) for source, amount in snapshot.get("budget", {}).items()]
        versions.append((title, snapshot, rows))
    return render(
        request,
        "projects/revision_detail.html",
        {"project": project, "revision": revision, "versions": versions},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.propose")
def project_repropose(request, pk: int):
    """A refused dossier proposed again as a new draft (same content, linked to the old one)."""
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.propose", village=project.village)
    rounds = services_life.open_rounds_for(project)
    step = Step(
        ReproposeForm,
        services_life.repropose,
        title=_("Đề xuất lại dự án"),
        intro=_(
            "Tạo một đề xuất mới cùng nội dung và danh sách hộ; hộ không còn đủ điều kiện sẽ được bỏ ra."
        ),
        button=_("Tạo đề xuất mới"),
        success=_("Đã tạo đề xuất mới từ dự án cũ. Kiểm tra lại rồi gửi xã."),
        arguments=lambda form: {"round_": form.cleaned_data["round"]},
    )

    def done(result):
        copy, left_out = result
        if left_out:
            messages.warning(
                request,
                _("Không đưa vào đề xuất mới: %(names)s (không còn đủ điều kiện).")
                % {"names": ", ".join(left_out)},
            )
        return copy

    initial = {"round": project.round if rounds.filter(pk=project.round_id).exists() else rounds.first()}
    return take_step(request, project, step, initial=initial, form_kwargs={"rounds": rounds}, done=done)


# ---- rounds --------------------------------------------------------------------------------------


@require_POST
@login_required
@access.action_required("round.manage")
def round_close(request, pk: int):
    round_ = selectors.get_round(request.user, pk)
    access.require(request.user, "round.manage", commune=round_.commune)
    try:
        services_life.close_round(round_, by=request.user)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã kết thúc đợt triển khai: đợt không nhận thêm đề xuất."))
    return redirect_after_post(request, round_)


def _round_form_page(request, round_, form, *, title: str, button: str, intro: str = ""):
    return render(
        request,
        "projects/round_step.html",
        {"round": round_, "form": form, "title": title, "button": button, "intro": intro},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("round.call")
def round_call(request, pk: int):
    """The UBND xã publishes the support plan and the call for proposals (a numbered notice)."""
    round_ = selectors.get_round(request.user, pk)
    access.require(request.user, "round.call", commune=round_.commune)
    page = {
        "title": _("Thông báo kế hoạch hỗ trợ và kêu gọi đề xuất"),
        "button": _("Ban hành thông báo"),
        "intro": _("Thông báo được đánh số trong sổ văn bản của xã và gửi các thôn được đề xuất."),
    }
    if request.method == "POST":
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                services_life.issue_call(round_, by=request.user, issued_on=form.cleaned_data["issued_on"])
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Đã ban hành thông báo kêu gọi đề xuất."))
                return redirect_after_post(request, round_)
    else:
        form = CallForm(initial={"issued_on": timezone.localdate()})
    return _round_form_page(request, round_, form, **page)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("round.manage")
def round_council(request, pk: int):
    """Set up or change the round's evaluation council."""
    round_ = selectors.get_round(request.user, pk)
    access.require(request.user, "round.manage", commune=round_.commune)
    council = Council.objects.filter(round=round_).first()
    page = {"title": _("Hội đồng thẩm định của đợt"), "button": _("Lưu hội đồng")}
    if request.method == "POST":
        form = CouncilForm(request.POST, instance=council)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in CouncilForm.Meta.fields}
            try:
                services_life.save_council(round_, by=request.user, **fields)
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("Đã lưu hội đồng thẩm định."))
                return redirect_after_post(request, round_)
    else:
        form = CouncilForm(instance=council)
    return _round_form_page(request, round_, form, **page)


@require_GET
@login_required
def round_call_file(request, pk: int):
    """The call for proposals, to everyone who sees the round: it is addressed to its villages, so
    their heads read it too (the register's own view keeps commune papers to commune roles)."""
    from django.http import Http404

    from giamngheo.documents import register
    from giamngheo.documents.pdf import pdf_response

    round_ = selectors.get_round(request.user, pk)
    call = services_life.call_for(round_)
    if call is None:
        raise Http404
    return pdf_response(register.read(call), call.filename)
