"""Pages after approval. Every view: decorators → fetch in scope → form → service → message →
redirect (or the form again, with what the user typed and the reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo import access
from giamngheo.documents import register
from giamngheo.documents.pdf import pdf_response, render_pdf
from giamngheo.files import private_file_response
from giamngheo.htmx import redirect_after_post
from giamngheo.workflow import WorkflowError
from households.models import Household
from inspections import balances, documents, forms, selectors, services
from inspections.models import Commitment, Handover, HandoverLine, Inspection, InspectionItem, Recovery
from projects import selectors as project_selectors

FORM = "inspections/form.html"


def _step(request, obj, form, run, success: str, *, title: str, button: str, back, danger=False, extra=None):
    """The shared body of a form step: valid → service → message → redirect; refused → the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form)
        except (WorkflowError, register.DocumentError) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect_after_post(
                request, result.get_absolute_url() if hasattr(result, "get_absolute_url") else back
            )
    context = {"form": form, "title": title, "button": button, "back": back, "object": obj, "danger": danger}
    return render(request, FORM, context | (extra or {}))


def _require(request, action: str, **place) -> None:
    if not access.can(request.user, action, **place):
        raise PermissionDenied


def _post_or_none(request):
    return (request.POST, request.FILES) if request.method == "POST" else ()


# ---- suppliers -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("supplier.manage")
def supplier_list(request):
    commune = access.primary_commune(request.user)
    if commune is None or not access.can(request.user, "supplier.manage", commune=commune):
        raise PermissionDenied
    form = forms.SupplierForm(*_post_or_none(request))
    if request.method == "POST" and form.is_valid():
        services.create_supplier(commune, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã thêm đơn vị cung ứng."))
        return redirect_after_post(request, "inspections:supplier_list")
    suppliers = selectors.suppliers_for(request.user).order_by("name")
    return render(request, "inspections/supplier_list.html", {"form": form, "suppliers": suppliers})


# ---- handover ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("handover.manage")
def handover_create(request, project_pk: int):
    project = project_selectors.get_project(request.user, project_pk)
    _require(request, "handover.manage", village=project.village)
    initial = {"held_on": timezone.localdate(), "place": project.place}
    form = forms.HandoverForm(*_post_or_none(request), commune=project.commune, initial=initial)
    return _step(
        request,
        project,
        form,
        lambda f: services.create_handover(project, by=request.user, **f.handover_fields()),
        _("Đã lập buổi bàn giao; ghi từng hỗ trợ giao cho hộ."),
        title=_("Lập buổi bàn giao"),
        button=_("Lập buổi bàn giao"),
        back=project.get_absolute_url(),
    )


def _handover_context(request, handover, line_form=None):
    project = handover.project
    lines = list(
        handover.lines.select_related("household__village", "item").order_by("household__head_name", "pk")
    )
    can_manage = access.can(request.user, "handover.manage", village=handover.village)
    docs = list(register.current_for(handover))
    return {
        "handover": handover,
        "project": project,
        "lines": lines,
        "balance": balances.project_balance(project),
        "can_manage": can_manage,
        "line_form": line_form
        or (forms.LineForm(project=project) if can_manage and handover.status == "draft" else None),
        "document": docs[0] if docs else None,
        "households": {line.household_id: line.household for line in lines if not line.refused}.values(),
        "scan_form": forms.ScanForm(initial={"version": handover.version})
        if can_manage and handover.status == "issued"
        else None,
        "issue_form": forms.IssueForm(initial={"version": handover.version, "issued_on": handover.held_on})
        if can_manage and handover.status == "draft"
        else None,
    }


@require_GET
@login_required
def handover_detail(request, pk: int):
    handover = selectors.get_handover(request.user, pk)
    return render(request, "inspections/handover_detail.html", _handover_context(request, handover))


@require_http_methods(["POST"])
@login_required
@access.action_required("handover.manage")
def handover_add_line(request, pk: int):
    handover = selectors.get_handover(request.user, pk)
    _require(request, "handover.manage", village=handover.village)
    form = forms.LineForm(request.POST, project=handover.project)
    if form.is_valid():
        try:
            services.add_line(handover, by=request.user, **form.line_fields())
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã ghi hỗ trợ giao cho hộ."))
            return redirect_after_post(request, handover.get_absolute_url())
    return render(request, "inspections/handover_detail.html", _handover_context(request, handover, form))


@require_http_methods(["POST"])
@login_required
@access.action_required("handover.manage")
def handover_remove_line(request, pk: int, line_pk: int):
    handover = selectors.get_handover(request.user, pk)
    line = get_object_or_404(handover.lines, pk=line_pk)
    try:
        services.remove_line(line, by=request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã bỏ dòng bàn giao."))
    return redirect_after_post(request, handover.get_absolute_url())


@require_http_methods(["POST"])
@login_required
@access.action_required("handover.manage")
def handover_issue(request, pk: int):
    handover = selectors.get_handover(request.user, pk)
    form = forms.IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_handover_minutes(
                handover,
                by=request.user,
                version=form.cleaned_data["version"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except (WorkflowError, register.DocumentError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã ban hành biên bản bàn giao và mở cam kết của các hộ nhận."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, handover.get_absolute_url())


@require_GET
@login_required
def handover_preview(request, pk: int):
    """The draft minutes (DỰ THẢO, no number) as they would be issued now."""
    handover = selectors.get_handover(request.user, pk)
    kind = "bb_luan_chuyen" if handover.kind == Handover.Kind.ROTATION else "bb_ban_giao"
    pdf = register.preview(
        kind=kind,
        target=handover,
        template=documents.HANDOVER_TEMPLATE,
        snapshot=documents.handover_snapshot(handover),
        issued_on=handover.held_on,
        summary=_("Bàn giao hỗ trợ dự án %(name)s") % {"name": handover.project.name},
    )
    return pdf_response(pdf, f"du-thao-bien-ban-ban-giao-{handover.pk}.pdf")


@require_GET
@login_required
def handover_household_pdf(request, pk: int, household_pk: int):
    """The issued minutes narrowed to one household (same number), for a household signing separately."""
    handover = selectors.get_handover(request.user, pk)
    doc = register.current_for(handover).first()
    if doc is None:
        raise Http404
    snap = documents.one_household(doc.snapshot, household_pk)
    if not snap["households"]:
        raise Http404
    context = {
        "snap": snap,
        "doc": {
            "kind": doc.kind.code,
            "number": doc.number,
            "suffix": doc.kind.suffix,
            "numbered": True,
            "issued_on": doc.issued_on,
            "title": doc.title,
            "summary": doc.summary,
            "issuer": doc.issuer,
            "issuer_parent": f"UBND {doc.commune.name}".upper() if doc.kind.issuer != "ubnd" else "",
            "place": doc.commune.short_name,
            "commune_name": doc.commune.name,
            "draft": False,
            "replaces": None,
        },
        "signer": {
            "name": doc.signer_name,
            "position": doc.signer_position,
            "authority_lines": doc.signer_authority_lines,
        },
        "recipients": doc.recipients,
    }
    return pdf_response(
        render_pdf(doc.template, context), f"bien-ban-ban-giao-{handover.pk}-ho-{household_pk}.pdf"
    )


@require_http_methods(["POST"])
@login_required
@access.action_required("handover.manage")
def handover_upload_scan(request, pk: int):
    handover = selectors.get_handover(request.user, pk)
    form = forms.ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_signed_minutes(
                handover,
                by=request.user,
                scan=form.cleaned_data["scan"],
                version=form.cleaned_data["version"],
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu biên bản đã ký; buổi bàn giao đã khóa."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, handover.get_absolute_url())


@require_GET
@login_required
def handover_scan_file(request, pk: int):
    return private_file_response(selectors.get_handover(request.user, pk).signed_scan)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("handover.manage")
def handover_correct(request, pk: int):
    handover = selectors.get_handover(request.user, pk)
    _require(request, "handover.manage", village=handover.village)
    form = forms.CorrectionForm(
        *_post_or_none(request), handover=handover, initial={"issued_on": timezone.localdate()}
    )
    return _step(
        request,
        handover,
        form,
        lambda f: services.correct_handover(
            handover,
            by=request.user,
            line=f.cleaned_data["line"],
            reason=f.cleaned_data["reason"],
            issued_on=f.cleaned_data["issued_on"],
            **f.changes(),
        ),
        _("Đã ban hành biên bản đính chính; cần tải lên bản ký mới."),
        title=_("Đính chính biên bản bàn giao"),
        button=_("Ban hành biên bản đính chính"),
        back=handover.get_absolute_url(),
    )


# ---- commitments -----------------------------------------------------------------------------------


@require_GET
@login_required
def commitment_detail(request, pk: int):
    commitment = selectors.get_commitment(request.user, pk)
    village = commitment.household.village
    lines = list(
        HandoverLine.objects.filter(household=commitment.household, handover__project=commitment.project)
        .select_related("item", "handover")
        .order_by("handover__held_on", "pk")
    )
    visits = list(commitment.inspections.select_related("assigned_to").order_by("due_on", "pk"))
    can = {
        a.replace(".", "_"): access.can(request.user, a, village=village)
        for a in (
            "inspection.plan",
            "inspection.record",
            "recovery.propose",
            "rotation.record",
            "commitment.close",
        )
    }
    return render(
        request,
        "inspections/commitment_detail.html",
        {
            "commitment": commitment,
            "lines": lines,
            "totals": balances.reconcile(lines),
            "visits": visits,
            "recoveries": commitment.recoveries.all(),
            "rotations": commitment.rotations.select_related("to_household", "handover"),
            "can": can,
            "today": timezone.localdate(),
        },
    )


@require_GET
@login_required
def commitment_blank_form(request, pk: int):
    """A printable blank inspection form pre-filled with the household's items (for paper visits)."""
    commitment = selectors.get_commitment(request.user, pk)
    commune = commitment.household.commune
    context = {
        "snap": documents.blank_snapshot(commitment),
        "doc": {
            "title": "BIÊN BẢN KIỂM TRA",
            "number": "",
            "suffix": "BB-UBND",
            "numbered": True,
            "issued_on": None,
            "issuer_parent": "",
            "issuer": f"ỦY BAN NHÂN DÂN\n{commune.name}".upper(),
            "place": commune.short_name,
            "commune_name": commune.name,
            "draft": False,
            "blank": True,
            "summary": "",
        },
        "signer": {"name": "", "position": "", "authority_lines": []},
        "recipients": [],
    }
    return pdf_response(render_pdf(documents.BLANK_TEMPLATE, context), f"phieu-kiem-tra-{commitment.pk}.pdf")


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("inspection.plan")
def commitment_adhoc(request, pk: int):
    commitment = selectors.get_commitment(request.user, pk)
    _require(request, "inspection.plan", village=commitment.household.village)
    team = services.team_of(commitment.household.commune)
    from giamngheo.models import User

    form = forms.AdhocForm(
        *_post_or_none(request),
        team=User.objects.filter(pk__in=[u.pk for u in team]),
        initial={"due_on": timezone.localdate()},
    )
    return _step(
        request,
        commitment,
        form,
        lambda f: services.plan_adhoc(commitment, by=request.user, **f.cleaned_data),
        _("Đã lên lịch kiểm tra đột xuất."),
        title=_("Kiểm tra đột xuất"),
        button=_("Lên lịch"),
        back=commitment.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("commitment.close")
def commitment_close(request, pk: int):
    commitment = selectors.get_commitment(request.user, pk)
    _require(request, "commitment.close", village=commitment.household.village)
    form = forms.CloseCommitmentForm(
        *_post_or_none(request), initial={"version": commitment.version, "closed_on": timezone.localdate()}
    )
    return _step(
        request,
        commitment,
        form,
        lambda f: services.close_commitment(commitment, by=request.user, **f.cleaned_data),
        _("Đã kết thúc cam kết."),
        title=_("Kết thúc cam kết"),
        button=_("Kết thúc cam kết"),
        back=commitment.get_absolute_url(),
    )


# ---- inspections ----------------------------------------------------------------------------------


@require_GET
@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_inspection(request.user, pk)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "items": inspection.items.select_related("line__item"),
            "photos": inspection.photos.all(),
            "document": register.current_for(inspection).first(),
            "consequences": inspection.consequences.all(),
            "can_record": access.can(request.user, "inspection.record", village=inspection.village),
            "can_follow_up": access.can(request.user, "recovery.propose", village=inspection.village),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("inspection.record")
def inspection_record(request, pk: int):
    inspection = selectors.get_inspection(request.user, pk)
    _require(request, "inspection.record", village=inspection.village)
    if inspection.status != Inspection.Status.PLANNED:
        messages.info(request, _("Lần kiểm tra này đã được ghi."))
        return redirect_after_post(request, inspection.get_absolute_url())
    commitment = inspection.commitment
    lines = list(
        HandoverLine.objects.filter(
            household=inspection.household,
            handover__project=commitment.project,
            refused=False,
            handover__status__in=["issued", "signed"],
        )
        .select_related("item")
        .order_by("pk")
    )
    previous = services.previous_visit(inspection)
    if previous is not None:
        previous = Inspection.objects.prefetch_related(
            Prefetch("items", queryset=InspectionItem.objects.all())
        ).get(pk=previous.pk)
    initial = {
        "version": inspection.version,
        "done_on": timezone.localdate(),
        "inspectors": request.user.full_name,
    }
    form = forms.InspectionForm(
        *_post_or_none(request), lines=lines, clauses=commitment.clauses, previous=previous, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_inspection(inspection, by=request.user, **form.service_kwargs())
        except (WorkflowError, register.DocumentError) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error("photos", error)
        else:
            messages.success(request, _("Đã lưu kết quả kiểm tra và ban hành biên bản kiểm tra."))
            return redirect_after_post(request, inspection.get_absolute_url())
    return render(
        request,
        "inspections/inspection_record.html",
        {"inspection": inspection, "form": form, "previous": previous, "commitment": commitment},
    )


@require_GET
@login_required
def inspection_photo(request, pk: int, photo_pk: int):
    inspection = selectors.get_inspection(request.user, pk)
    return private_file_response(get_object_or_404(inspection.photos, pk=photo_pk).image)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("consequence.record")
def inspection_consequence(request, pk: int):
    inspection = selectors.get_inspection(request.user, pk)
    _require(request, "consequence.record", village=inspection.village)
    form = forms.ConsequenceForm(*_post_or_none(request))
    return _step(
        request,
        inspection,
        form,
        lambda f: services.record_consequence(inspection, by=request.user, **f.cleaned_data) and inspection,
        _("Đã ghi hình thức xử lý."),
        title=_("Nhắc nhở, cảnh cáo, điều chỉnh"),
        button=_("Lưu"),
        back=inspection.get_absolute_url(),
    )


@require_GET
@login_required
@access.action_required("inspection.view")
def work(request):
    """The inspection work list: due this week, overdue (by how many days), by village and inspector."""
    commune = access.primary_commune(request.user)
    team = services.team_of(commune) if commune else []
    from giamngheo.models import User

    team_qs = User.objects.filter(pk__in=[u.pk for u in team]).order_by("full_name")
    villages = access.villages_for(request.user).filter(is_active=True)
    filters = forms.WorkFilterForm(request.GET or None, villages=villages, team=team_qs)
    village = inspector = None
    if filters.is_valid():
        village, inspector = filters.cleaned_data["village"], filters.cleaned_data["inspector"]
    elif request.GET:
        messages.error(request, _("Bộ lọc không hợp lệ; đang hiện tất cả."))
    today = timezone.localdate()
    planned = selectors.planned_for(request.user, village=village, inspector=inspector)
    rows = list(planned.filter(due_on__lte=selectors.week_end(today))[:200])
    overdue = [(r, (today - r.due_on).days) for r in rows if r.due_on < today]
    this_week = [r for r in rows if r.due_on >= today]
    rotations = list(
        selectors.commitments_for(request.user)
        .filter(
            status="open",
            rotation_due_on__isnull=False,
            rotation_due_on__lte=today + timezone.timedelta(days=30),
            rotations__isnull=True,
        )
        .select_related("household__village", "project")
        .order_by("rotation_due_on")[:100]
    )
    recoveries = list(
        selectors.recoveries_for(request.user)
        .exclude(status__in=["settled", "rejected"])
        .select_related("household__village")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "inspections/work.html",
        {
            "filters": filters,
            "overdue": overdue,
            "this_week": this_week,
            "rotations": rotations,
            "recoveries": recoveries,
            "coverage": selectors.coverage(selectors.inspections_for(request.user), today),
            "today": today,
            "can_plan": commune is not None and access.can(request.user, "inspection.plan", commune=commune),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("inspection.plan")
def project_sample(request, project_pk: int):
    project = project_selectors.get_project(request.user, project_pk)
    _require(request, "inspection.plan", village=project.village)
    form = forms.SampleForm(
        *_post_or_none(request),
        initial={"due_on": timezone.localdate(), "seed": timezone.localdate().toordinal()},
    )
    return _step(
        request,
        project,
        form,
        lambda f: services.plan_adhoc_sample(project, by=request.user, **f.cleaned_data) and project,
        _("Đã chọn mẫu và lên lịch kiểm tra đột xuất."),
        title=_("Kiểm tra đột xuất: chọn ngẫu nhiên"),
        button=_("Chọn mẫu"),
        back=project.get_absolute_url(),
    )


# ---- rounds --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("inspection.view")
def round_list(request):
    commune = access.primary_commune(request.user)
    can_plan = commune is not None and access.can(request.user, "inspection.plan", commune=commune)
    form = None
    if can_plan:
        form = forms.RoundForm(
            *_post_or_none(request),
            projects=project_selectors.projects_for(request.user)
            .filter(commitments__isnull=False)
            .distinct(),
            villages=access.villages_for(request.user).filter(commune=commune),
        )
        if request.method == "POST" and form.is_valid():
            try:
                round_ = services.create_round(commune, by=request.user, **form.cleaned_data)
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã mở đợt kiểm tra."))
                return redirect_after_post(request, round_.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    rounds = selectors.rounds_for(request.user).order_by("-starts_on")[:100]
    return render(request, "inspections/round_list.html", {"rounds": rounds, "form": form})


@require_GET
@login_required
def round_detail(request, pk: int):
    round_ = get_object_or_404(selectors.rounds_for(request.user), pk=pk)
    visits = round_.inspections.select_related("household", "village", "assigned_to").order_by("due_on")
    can_plan = access.can(request.user, "inspection.plan", commune=round_.commune)
    return render(
        request,
        "inspections/round_detail.html",
        {
            "round": round_,
            "visits": visits,
            "document": register.current_for(round_).first(),
            "close_form": forms.IssueForm(
                initial={"version": round_.version, "issued_on": timezone.localdate()}
            )
            if can_plan and round_.status == "open"
            else None,
        },
    )


@require_http_methods(["POST"])
@login_required
@access.action_required("inspection.plan")
def round_close(request, pk: int):
    round_ = get_object_or_404(selectors.rounds_for(request.user), pk=pk)
    form = forms.IssueForm(request.POST)
    if form.is_valid():
        try:
            services.close_round(round_, by=request.user, **form.cleaned_data)
        except (WorkflowError, register.DocumentError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã kết thúc đợt và ban hành báo cáo kết quả kiểm tra."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, round_.get_absolute_url())


# ---- community monitoring ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("monitoring.note")
def monitoring_note(request, household_pk: int):
    household = get_object_or_404(
        Household.objects.filter(
            access.place_q(request.user, "village", action="household.view")
        ).select_related("village"),
        pk=household_pk,
    )
    _require(request, "monitoring.note", village=household.village)
    form = forms.MonitoringNoteForm(*_post_or_none(request), initial={"observed_on": timezone.localdate()})
    return _step(
        request,
        household,
        form,
        lambda f: services.record_monitoring_note(household, by=request.user, **f.cleaned_data) and household,
        _("Đã ghi nhận. Nếu nghi vi phạm, xã sẽ kiểm tra đột xuất."),
        title=_("Ghi nhận giám sát cộng đồng"),
        button=_("Lưu ghi nhận"),
        back=household.get_absolute_url(),
    )


# ---- recovery (thu hồi hỗ trợ của hộ) ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("recovery.propose")
def recovery_propose(request, pk: int):
    commitment = selectors.get_commitment(request.user, pk)
    _require(request, "recovery.propose", village=commitment.household.village)
    lines = HandoverLine.objects.filter(
        household=commitment.household, handover__project=commitment.project, refused=False
    ).select_related("item", "handover")
    inspection = commitment.inspections.filter(status="done").order_by("-done_on").first()
    form = forms.RecoveryProposalForm(*_post_or_none(request), lines=lines)
    return _step(
        request,
        commitment,
        form,
        lambda f: services.propose_recovery(
            commitment,
            by=request.user,
            inspection=inspection,
            line=f.cleaned_data["line"],
            reason=f.cleaned_data["reason"],
            quantity=f.cleaned_data["quantity"] or 0,
            amount=f.cleaned_data["amount"] or 0,
        ),
        _("Đã gửi đề xuất thu hồi hỗ trợ của hộ tới lãnh đạo UBND xã."),
        title=_("Đề xuất thu hồi hỗ trợ của hộ"),
        button=_("Gửi đề xuất"),
        back=commitment.get_absolute_url(),
        danger=True,
        extra={"intro": _("Thu hồi hỗ trợ của một hộ vi phạm cam kết — khác với thu hồi cả dự án.")},
    )


@require_GET
@login_required
def recovery_detail(request, pk: int):
    recovery = selectors.get_recovery(request.user, pk)
    village = recovery.household.village
    can_decide = access.can(request.user, "recovery.decide", village=village)
    can_act = access.can(request.user, "recovery.propose", village=village)
    eligible = (
        Household.objects.filter(commune_id=recovery.household.commune_id, status="active")
        .exclude(pk=recovery.household_id)
        .order_by("head_name")
    )
    return render(
        request,
        "inspections/recovery_detail.html",
        {
            "recovery": recovery,
            "documents": register.current_for(recovery),
            "decision_form": forms.DecisionForm(
                initial={"version": recovery.version, "issued_on": timezone.localdate()}
            )
            if can_decide and recovery.status == Recovery.Status.PROPOSED
            else None,
            "recover_form": forms.RecoverForm(
                initial={"version": recovery.version, "recovered_on": timezone.localdate()}
            )
            if can_act and recovery.status == Recovery.Status.DECIDED
            else None,
            "settle_form": forms.SettleForm(households=eligible, initial={"version": recovery.version})
            if can_act and recovery.status == Recovery.Status.RECOVERED
            else None,
            "line": recovery.line,
        },
    )


def _recovery_step(request, pk, action, form_class, run, success, **form_kwargs):
    recovery = selectors.get_recovery(request.user, pk)
    _require(request, action, village=recovery.household.village)
    if form_class is forms.SettleForm:
        form_kwargs["households"] = Household.objects.filter(commune_id=recovery.household.commune_id)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            run(recovery, form.cleaned_data)
        except (WorkflowError, register.DocumentError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, recovery.get_absolute_url())


@require_http_methods(["POST"])
@login_required
@access.action_required("recovery.decide")
def recovery_decide(request, pk: int):
    return _recovery_step(
        request,
        pk,
        "recovery.decide",
        forms.DecisionForm,
        lambda r, d: services.decide_recovery(r, by=request.user, **d),
        _("Đã ghi quyết định."),
    )


@require_http_methods(["POST"])
@login_required
@access.action_required("recovery.propose")
def recovery_record(request, pk: int):
    return _recovery_step(
        request,
        pk,
        "recovery.propose",
        forms.RecoverForm,
        lambda r, d: services.record_recovery(r, by=request.user, **d),
        _("Đã lập biên bản thu hồi."),
    )


@require_http_methods(["POST"])
@login_required
@access.action_required("recovery.propose")
def recovery_settle(request, pk: int):
    return _recovery_step(
        request,
        pk,
        "recovery.propose",
        forms.SettleForm,
        lambda r, d: services.settle_recovery(r, by=request.user, **d),
        _("Đã ghi kết quả xử lý hỗ trợ thu hồi."),
    )


# ---- rotation -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("rotation.record")
def rotation_record(request, pk: int):
    commitment = selectors.get_commitment(request.user, pk)
    _require(request, "rotation.record", village=commitment.household.village)
    rule_set = commitment.project.rule_set
    eligible = [
        h.pk
        for h in Household.objects.filter(commune_id=commitment.household.commune_id, status="active")
        .exclude(pk=commitment.household_id)
        .prefetch_related("classifications")
        if (c := max(h.classifications.all(), key=lambda c: c.year, default=None))
        and c.category in rule_set.eligible_categories
    ]
    households = (
        Household.objects.filter(pk__in=eligible)
        .select_related("village")
        .order_by("village__name", "head_name")
    )
    lines = HandoverLine.objects.filter(
        household=commitment.household, handover__project=commitment.project, refused=False
    )
    form = forms.RotationForm(
        *_post_or_none(request),
        households=households,
        lines=lines,
        initial={"rotated_on": timezone.localdate()},
    )

    def run(f):
        d = dict(f.cleaned_data)
        rotation = services.record_rotation(
            commitment,
            by=request.user,
            to=d.pop("to"),
            rotated_on=d.pop("rotated_on"),
            from_line=d.pop("from_line"),
            **d,
        )
        return rotation.handover

    return _step(
        request,
        commitment,
        form,
        run,
        _("Đã ghi luân chuyển; ban hành biên bản bàn giao luân chuyển để mở cam kết của hộ nhận."),
        title=_("Luân chuyển cho hộ tiếp theo"),
        button=_("Ghi luân chuyển"),
        back=commitment.get_absolute_url(),
        extra={"intro": commitment.rotation_rule},
    )


__all__ = ["Commitment"]
