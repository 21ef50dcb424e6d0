"""Pages of the support-project workflow. Every view: decorators → fetch in scope → form →
service → message → redirect (or the form again with its errors)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamngheo import access
from giamngheo.files import private_file_response
from giamngheo.htmx import partial, redirect_after_post
from households.models import Household
from projects import eligibility, issuing, selectors, services, views_life
from projects.forms import (
    AddParticipantForm,
    BcdDecisionForm,
    CandidateSearchForm,
    ComplaintForm,
    DisbursementForm,
    ItemForm,
    ParticipantForm,
    PostingForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonsForm,
    ResolveComplaintForm,
    RoundForm,
    SubmitUpwardForm,
    UpperDecisionForm,
    VersionForm,
    WithdrawForm,
)
from projects.models import Event, FundingSource, Project, Round
from projects.services import StaleProject, WorkflowError, WrongState
from projects.steps import Step, take_step

# ---- rounds -----------------------------------------------------------------------------------------


@require_GET
@login_required
def round_list(request):
    rounds = selectors.rounds_for(request.user).order_by("-year", "-created_at")
    page = Paginator(rounds, 30).get_page(request.GET.get("page"))
    commune = access.primary_commune(request.user)
    can_manage = commune is not None and access.can(request.user, "round.manage", commune=commune)
    return render(request, "projects/round_list.html", {"page": page, "can_manage": can_manage})


def _manageable_commune(request):
    commune = access.primary_commune(request.user)
    if commune is None or not access.can(request.user, "round.manage", commune=commune):
        raise PermissionDenied
    return commune


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("round.manage")
def round_create(request):
    commune = _manageable_commune(request)
    if request.method == "POST":
        form = RoundForm(request.POST, commune=commune)
        if form.is_valid():
            round_ = services.create_round(
                commune,
                by=request.user,
                villages=form.cleaned_data["villages"],
                envelopes=form.envelopes,
                new_plan=form.new_plan(),
                **form.round_fields(),
            )
            messages.success(request, _("Đã tạo đợt triển khai. Kiểm tra lại rồi bấm “Thông báo tới thôn”."))
            return redirect_after_post(request, round_)
    else:
        today = timezone.localdate()
        form = RoundForm(commune=commune, initial={"year": today.year})
    return render(request, "projects/round_form.html", {"form": form, "round": None})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("round.manage")
def round_edit(request, pk: int):
    round_ = selectors.get_round(request.user, pk)
    access.require(request.user, "round.manage", commune=round_.commune)
    if request.method == "POST":
        form = RoundForm(request.POST, instance=round_, commune=round_.commune)
        if form.is_valid():
            try:
                services.update_round(
                    round_,
                    by=request.user,
                    villages=form.cleaned_data["villages"],
                    envelopes=form.envelopes,
                    new_plan=form.new_plan(),
                    **form.round_fields(),
                )
            except WorkflowError as e:
                form.add_error(None, str(e))  # shown again with what the officer typed
            else:
                messages.success(request, _("Đã lưu đợt triển khai."))
                return redirect_after_post(request, round_)
    else:
        form = RoundForm(instance=round_, commune=round_.commune)
    return render(request, "projects/round_form.html", {"form": form, "round": round_})


@require_GET
@login_required
def round_detail(request, pk: int):
    round_ = selectors.get_round(request.user, pk)
    projects = selectors.project_rows(request.user).filter(round=round_).order_by("village__name", "name")
    villages = list(round_.villages.all())
    proposable = [v for v in villages if access.can(request.user, "project.propose", village=v)]
    return render(
        request,
        "projects/round_detail.html",
        {
            "round": round_,
            "projects": projects,
            "villages": villages,
            "envelopes": round_.envelopes.all(),
            "can_manage": access.can(request.user, "round.manage", commune=round_.commune),
            "proposable": proposable if round_.status == Round.Status.PUBLISHED else [],
        }
        | views_life.round_context(request, round_),
    )


@require_POST
@login_required
@access.action_required("round.manage")
def round_publish(request, pk: int):
    round_ = selectors.get_round(request.user, pk)
    access.require(request.user, "round.manage", commune=round_.commune)
    try:
        services.publish_round(round_, by=request.user)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã thông báo đợt triển khai tới các thôn."))
    return redirect_after_post(request, round_)


# ---- projects: list, create, detail, edit ---------------------------------------------------------


@require_GET
@login_required
def project_list(request):
    form = ProjectFilterForm(request.GET or None, rounds=selectors.rounds_for(request.user))
    rows = selectors.project_list(
        request.user, form.cleaned_data if form.is_bound and form.is_valid() else None
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request, partial(request, "projects/project_list.html", "table"), {"page": page, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.propose")
def project_create(request, round_pk: int, village_pk: int):
    round_ = selectors.get_round(request.user, round_pk)
    village = get_object_or_404(round_.villages.all(), pk=village_pk)
    if not access.can(request.user, "project.propose", village=village):
        raise PermissionDenied
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, village=village)
        if form.is_valid():
            try:
                project = services.create_project(
                    round_, by=request.user, village=village, **form.project_fields()
                )
            except WorkflowError as e:
                form.add_error(None, str(e))  # shown again with what the village head typed
            else:
                if upload := form.new_upload():
                    services.update_project(project, by=request.user, version=project.version, minutes=upload)
                messages.success(
                    request, _("Đã tạo đề xuất. Tiếp theo: thêm nội dung hỗ trợ và hộ tham gia.")
                )
                return redirect_after_post(request, project)
    else:
        form = ProjectForm(village=village, initial={"place": village.name})
    return render(request, "projects/project_form.html", {"form": form, "round": round_, "village": village})


def _is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _editable_project(request, pk: int) -> Project:
    """A project in scope (404) whose proposal this user may change at its village (403)."""
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.propose", village=project.village)
    return project


def _detail_context(request, project: Project) -> dict:
    user = request.user
    verdict = eligibility.assess(project)
    village = project.village
    allowed = {
        name: access.can(user, move.action, village=village) and project.can_move(name)
        for name, move in Project.MOVES.items()
    }
    can_edit = project.is_editable and access.can(user, "project.propose", village=village)
    disbursed = selectors.disbursed_by_source(project)
    from giamngheo.documents.models import IssuedDocument
    from giamngheo.documents.views import may_replace
    from projects.documents import project_documents

    documents = [(doc, may_replace(user, doc)) for doc in project_documents(project, user)]
    bcd_decisions = list(project.bcd_decisions.all())
    numbered = [str(d.meeting_id) for d in bcd_decisions if d.minutes_number and d.meeting_id]
    issued_meetings = (
        set(
            IssuedDocument.objects.filter(
                kind__code="bb_bcd", target_type__model="bcdmeeting", target_id__in=numbered
            ).values_list("target_id", flat=True)
        )
        if numbered
        else set()
    )
    return {
        "documents": documents,
        # Minutes numbered before the register existed: the number stands, no stored PDF.
        "legacy_minutes": [
            d for d in bcd_decisions if d.minutes_number and str(d.meeting_id) not in issued_meetings
        ],
        "has_proposal": any(doc.kind.code == "de_xuat" for doc, _ in documents),
        "project": project,
        "verdict": verdict,
        "items": project.items.all(),
        "events": Event.objects.filter(project=project).select_related("actor"),
        "bcd_decisions": bcd_decisions,
        "postings": project.postings.all(),
        "complaints": project.complaints.all(),
        "budget_rows": [(line, disbursed.get(line.source, 0)) for line in project.budget_lines.all()],
        "allowed": allowed,
        "can_edit": can_edit,
        "can_post": access.can(user, "project.posting", village=village) and services.can_post_in(project),
        "can_disburse": access.can(user, "project.disburse", village=village)
        and project.status in services.DISBURSABLE,
        "item_form": ItemForm(initial={"version": project.version, "source": FundingSource.CENTRAL})
        if can_edit
        else None,
        "version_form": VersionForm(initial={"version": project.version}),
        "today": timezone.localdate(),
    } | views_life.life_context(request, project)


@require_GET
@login_required
def project_detail(request, pk: int):
    project = selectors.get_project(request.user, pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


@require_GET
@login_required
def meeting_minutes_file(request, pk: int):
    """The village meeting's minutes, to people who may see the project (files are never public)."""
    project = selectors.get_project(request.user, pk)
    return private_file_response(project.meeting_minutes)


@require_GET
@login_required
def commitment_scan_file(request, pk: int, participant_pk: int):
    """A household's signed commitment: it carries personal data, so it is served in scope only."""
    project = selectors.get_project(request.user, pk)
    participant = get_object_or_404(project.participants, pk=participant_pk)
    return private_file_response(participant.commitment_scan)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.propose")
def project_edit(request, pk: int):
    project = _editable_project(request, pk)
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, instance=project, village=project.village)
        if form.is_valid():
            return _run(
                request,
                project,
                services.update_project,
                _("Đã lưu thông tin dự án."),
                version=form.cleaned_data["version"],
                minutes=form.new_upload(),
                **form.project_fields(),
            )
    else:
        form = ProjectForm(instance=project, village=project.village)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "round": project.round, "village": project.village},
    )


def _run(request, project: Project, service, success: str, subject=None, **kwargs):
    """Call a service on the project (or on `subject`, a row of it); a refusal becomes an error
    message and the project page again."""
    try:
        service(project if subject is None else subject, by=request.user, **kwargs)
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, success)
    return redirect_after_post(request, project)


def _run_form(request, project: Project, form, page: dict, service, success: str, subject=None, **kwargs):
    """Like `_run` for a move taken through a form page: a refusal shows the form again with the
    reason and what the user typed. A stale project or one in another state goes back to the
    project page: the form no longer applies."""
    try:
        service(project if subject is None else subject, by=request.user, **kwargs)
    except (StaleProject, WrongState) as e:
        messages.error(request, str(e))
    except WorkflowError as e:
        form.add_error(None, str(e))
        return _move_form(request, project, form, **page)
    else:
        messages.success(request, success)
    return redirect_after_post(request, project)


# ---- support items and households -------------------------------------------------------------------


@require_POST
@login_required
@access.action_required("project.propose")
def item_add(request, pk: int):
    project = _editable_project(request, pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, project) | {"item_form": form}
        messages.error(request, _("Nội dung hỗ trợ chưa hợp lệ, xem lỗi bên dưới."))
        return render(request, "projects/project_detail.html", context)
    return _run(
        request,
        project,
        services.add_item,
        _("Đã thêm nội dung hỗ trợ."),
        version=form.cleaned_data["version"],
        **form.item_fields(),
    )


@require_POST
@login_required
@access.action_required("project.propose")
def item_remove(request, pk: int, item_pk: int):
    project = _editable_project(request, pk)
    item = get_object_or_404(project.items, pk=item_pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _run(request, project, services.remove_item, _("Đã xóa nội dung hỗ trợ."), item, version=version)


@require_GET
@login_required
@access.action_required("project.propose")
def participant_candidates(request, pk: int):
    """The household picker: the village's households with live eligibility for this project."""
    project = _editable_project(request, pk)
    form = CandidateSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    households = selectors.participant_candidates(project, q)
    page = Paginator(households, 20).get_page(request.GET.get("page"))
    verdicts = eligibility.candidates(project, households.filter(pk__in=[h.pk for h in page]))
    return render(
        request,
        partial(request, "projects/participant_candidates.html", "candidates"),
        {"project": project, "form": form, "page": page, "verdicts": verdicts},
    )


@require_POST
@login_required
@access.action_required("project.propose")
def participant_add(request, pk: int):
    project = _editable_project(request, pk)
    form = AddParticipantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn hộ hợp lệ."))
        return redirect_after_post(request, "projects:candidates", project.pk)
    household = get_object_or_404(
        Household.objects.filter(access.place_q(request.user)), pk=form.cleaned_data["household"]
    )
    try:
        services.add_participant(
            project,
            household,
            by=request.user,
            version=form.cleaned_data["version"],
            shares=form.cleaned_data["shares"],
        )
    except WorkflowError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã thêm hộ %(name)s.") % {"name": household.head_name})
    return redirect_after_post(request, "projects:candidates", project.pk)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.propose")
def participant_edit(request, pk: int, participant_pk: int):
    project = _editable_project(request, pk)
    participant = get_object_or_404(project.participants.select_related("household"), pk=participant_pk)
    if request.method == "POST":
        # A ModelForm writes into its instance while validating: give it a copy, so the service
        # sees the old values (for the audit diff) and a rejected form changes nothing.
        form = ParticipantForm(request.POST, request.FILES, instance=copy.copy(participant))
        if form.is_valid():
            try:
                services.update_participant(
                    participant,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    scan=form.new_upload(),
                    **form.participant_fields(),
                )
            except StaleProject as e:
                messages.error(request, str(e))
                return redirect_after_post(request, project)
            except WorkflowError as e:
                form.add_error(None, str(e))  # shown again with what was typed
            else:
                messages.success(
                    request, _("Đã lưu thông tin hộ %(name)s.") % {"name": participant.household.head_name}
                )
                return redirect_after_post(request, project)
    else:
        form = ParticipantForm(instance=participant, initial={"version": project.version})
    return render(
        request,
        "projects/participant_form.html",
        {"form": form, "project": project, "participant": participant},
    )


@require_POST
@login_required
@access.action_required("project.propose")
def participant_remove(request, pk: int, participant_pk: int):
    project = _editable_project(request, pk)
    participant = get_object_or_404(project.participants, pk=participant_pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    return _run(
        request,
        project,
        services.remove_participant,
        _("Đã bỏ hộ khỏi danh sách."),
        participant,
        version=version,
    )


# ---- the moves -------------------------------------------------------------------------------------------


def _move_project(request, pk: int, move: str) -> Project:
    """Fetch in scope (404) and check the role for this move at this place (403)."""
    project = selectors.get_project(request.user, pk)
    access.require(request.user, Project.MOVES[move].action, village=project.village)
    return project


def _move_form(
    request,
    project: Project,
    form,
    *,
    title: str,
    intro: str = "",
    button: str,
    danger: bool = False,
    warning: str = "",
    preview_url: str = "",
):
    return render(
        request,
        "projects/move_form.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "danger": danger,
            "warning": warning,
            "preview_url": preview_url,
        },
    )


def meeting_initial(commune) -> dict:
    """Chair and secretary proposed from the commune's BCĐ signatories (Trưởng ban, thư ký)."""
    from giamngheo.documents.register import signatories_for
    from giamngheo.text import search_key

    initial = {}
    for signatory in signatories_for("bb_bcd", commune):
        key = search_key(signatory.position)
        if "thu ky" in key:
            initial.setdefault("secretary", signatory.full_name)
        else:
            initial.setdefault("chair", signatory.full_name)
    return initial


def _button_move(request, pk: int, move: str, service, success: str):
    """A move taken with one button (version and an optional comment, no form page)."""
    project = _move_project(request, pk, move)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ, vui lòng tải lại trang."))
        return redirect_after_post(request, project)
    return _run(
        request,
        project,
        service,
        success,
        version=form.cleaned_data["version"],
        comment=form.cleaned_data["comment"],
    )


@require_POST
@login_required
@access.action_required("project.propose")
def project_submit(request, pk: int):
    return _button_move(request, pk, "submit", services.submit_project, _("Đã gửi hồ sơ lên UBND xã."))


RETURN = Step(
    ReasonsForm,
    services.return_to_village,
    title=gettext_lazy("Trả lại thôn bổ sung hồ sơ"),
    button=gettext_lazy("Trả lại thôn"),
    success=gettext_lazy("Đã trả hồ sơ về thôn."),
    arguments=lambda form: {"version": form.cleaned_data["version"], "reasons": form.cleaned_data["comment"]},
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.check")
def project_return(request, pk: int):
    project = _move_project(request, pk, "return_to_village")
    return take_step(request, project, RETURN, initial={"version": project.version})


@require_POST
@login_required
@access.action_required("project.check")
def project_send_to_bcd(request, pk: int):
    return _button_move(request, pk, "send_to_bcd", services.send_to_bcd, _("Đã trình BCĐ xem xét."))


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.bcd_decide")
def project_bcd_decision(request, pk: int):
    project = _move_project(request, pk, "bcd_agree")
    form = BcdDecisionForm(
        request.POST or None,
        initial={
            "version": project.version,
            "meeting_date": timezone.localdate(),
            "place": _("Hội trường UBND xã"),
        }
        | meeting_initial(project.commune),
        commune=project.commune,
    )
    page = {"title": _("Ghi kết luận họp BCĐ"), "button": _("Lưu kết luận")}
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        return _run_form(
            request, project, form, page, services.record_bcd_decision, _("Đã ghi kết luận của BCĐ."), **data
        )
    return _move_form(request, project, form, **page)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.submit_upward")
def project_submit_upward(request, pk: int):
    project = _move_project(request, pk, "submit_upward")
    form = SubmitUpwardForm(
        request.POST or None,
        initial={"version": project.version, "submission_date": timezone.localdate()},
        commune=project.commune,
    )
    page = {
        "title": _("Trình cấp trên phê duyệt"),
        "intro": _(
            "Xem dự thảo tờ trình trước khi ban hành. Khi lưu, tờ trình được lấy số, lưu bản PDF "
            "vào sổ văn bản và không sửa được nữa (muốn sửa: ban hành văn bản thay thế)."
        ),
        "button": _("Ban hành tờ trình"),
        "preview_url": reverse("projects:submission_pdf", args=[project.pk]),
    }
    if not project.commune.reports_to_name.strip():
        page["warning"] = issuing.reports_to_missing()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return _run_form(
            request,
            project,
            form,
            page,
            services.submit_upward,
            _("Đã ghi tờ trình lên cấp trên."),
            version=data["version"],
            submission_date=data["submission_date"],
            number=data["number"],
            comment=data["comment"],
            signatory=data.get("signatory"),
        )
    return _move_form(request, project, form, **page)


UPPER_DECISION = Step(
    UpperDecisionForm,
    services.record_upper_decision,
    title=gettext_lazy("Ghi quyết định của cấp trên"),
    button=gettext_lazy("Lưu quyết định"),
    success=gettext_lazy("Đã ghi quyết định của cấp trên."),
    arguments=lambda form: {
        "version": form.cleaned_data["version"],
        "approved": form.cleaned_data["outcome"] == "approved",
        "decision_number": form.cleaned_data["decision_number"],
        "decision_date": form.cleaned_data["decision_date"],
        "issuer": form.cleaned_data["issuer"],
        "amounts": form.amounts,
        "reason": form.cleaned_data["reason"],
    },
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.record_decision")
def project_upper_decision(request, pk: int):
    project = _move_project(request, pk, "approve")
    proposed = eligibility.assess(project).budget
    initial = {"version": project.version, "issuer": project.commune.reports_to_name}
    initial |= {f"amount_{source}": amount for source, amount in proposed.items()}
    return take_step(request, project, UPPER_DECISION, initial=initial, form_kwargs={"proposed": proposed})


@require_POST
@login_required
@access.action_required("project.record_decision")
def project_start(request, pk: int):
    return _button_move(
        request, pk, "start", services.start_implementation, _("Dự án chuyển sang triển khai.")
    )


WITHDRAW = Step(
    WithdrawForm,
    services.withdraw_project,
    title=gettext_lazy("Thu hồi dự án"),
    button=gettext_lazy("Thu hồi dự án"),
    success=gettext_lazy("Đã thu hồi dự án."),
    danger=True,
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.withdraw")
def project_withdraw(request, pk: int):
    project = _move_project(request, pk, "withdraw")
    return take_step(request, project, WITHDRAW, initial={"version": project.version})


# ---- posting, complaints, disbursements -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.posting")
def posting_add(request, pk: int):
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.posting", village=project.village)
    today = timezone.localdate()
    head = (
        request.user.full_name if access.can(request.user, "project.propose", village=project.village) else ""
    )
    form = PostingForm(request.POST or None, initial={"posted_from": today, "village_head": head})
    results = project.status in services.RESULTS_POSTING_STATES
    page = {
        "title": _("Biên bản niêm yết công khai kết quả thẩm định")
        if results
        else _("Biên bản niêm yết công khai danh sách hộ"),
        "intro": _(
            "Ghi khi kết thúc niêm yết. Biên bản của thôn được lưu vào sổ văn bản (không lấy số "
            "thông báo của UBND xã); phản ánh đã ghi trong thời gian niêm yết được in vào biên bản."
        ),
        "button": _("Lưu biên bản niêm yết"),
    }
    if form.is_bound and form.is_valid():
        return _run_form(
            request,
            project,
            form,
            page,
            services.record_posting,
            _("Đã ghi biên bản niêm yết."),
            **form.cleaned_data,
        )
    return _move_form(request, project, form, **page)


COMPLAINT = Step(
    ComplaintForm,
    services.record_complaint,
    title=gettext_lazy("Ghi phản ánh, khiếu nại"),
    button=gettext_lazy("Lưu"),
    success=gettext_lazy("Đã ghi phản ánh."),
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.posting")
def complaint_add(request, pk: int):
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.posting", village=project.village)
    return take_step(request, project, COMPLAINT, initial={"received_on": timezone.localdate()})


RESOLVE = Step(
    ResolveComplaintForm,
    services.resolve_complaint,
    title=gettext_lazy("Giải quyết phản ánh"),
    button=gettext_lazy("Lưu"),
    success=gettext_lazy("Đã ghi kết quả giải quyết."),
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.posting")
def complaint_resolve(request, pk: int, complaint_pk: int):
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.posting", village=project.village)
    complaint = get_object_or_404(project.complaints, pk=complaint_pk)
    return take_step(
        request,
        project,
        RESOLVE,
        initial={"resolved_on": timezone.localdate()},
        subject=complaint,
        context={"intro": complaint.content},
    )


DISBURSE = Step(
    DisbursementForm,
    services.record_disbursement,
    title=gettext_lazy("Ghi giải ngân"),
    button=gettext_lazy("Lưu"),
    success=gettext_lazy("Đã ghi giải ngân."),
)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.disburse")
def disbursement_add(request, pk: int):
    project = selectors.get_project(request.user, pk)
    access.require(request.user, "project.disburse", village=project.village)
    return take_step(request, project, DISBURSE, initial={"paid_on": timezone.localdate()})
