"""Report screens: live tables (screen / Excel / PDF), monitoring reports, definitions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from giamngheo import access
from giamngheo.db_router import reads_from_replica
from giamngheo.documents.pdf import pdf_response, render_pdf
from giamngheo.files import private_file_response
from giamngheo.htmx import partial
from reports import services
from reports.exporters import BudgetExporter, ComponentTableExporter, ModelEvaluationExporter
from reports.figures import Period
from reports.forms import (
    PROGRAMS,
    DefinitionForm,
    IssueForm,
    PeriodForm,
    ReplaceForm,
    ReportCreateForm,
    ReportTextForm,
    SubmissionForm,
)
from reports.models import ExportJob, MonitoringReport, ReportDefinition
from reports.tables import column_numbers, describe_missing, display_rows, is_wide
from reports.tasks import EXPORT_KINDS, start_export
from reports.xlsx import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_context(table: dict) -> dict:
    return {
        "table": table,
        "rows": list(display_rows(table)),
        "numbers": column_numbers(table),
        "wide": is_wide(table),
        "missing": describe_missing(table),
    }


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _issuer(communes) -> str:
    communes = list(communes[:2])
    if len(communes) == 1:
        return f"UBND {communes[0].name}"
    return communes[0].province.name if communes else ""


def export(request, table: dict, *, filename: str, communes, template: str, extra: dict | None = None):
    """The same table on the screen, as .xlsx (?format=xlsx) or as PDF (?format=pdf)."""
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        return xlsx_response(write_xlsx(table, issuer=_issuer(communes)), f"{filename}.xlsx")
    if fmt == "pdf":
        context = table_context(table) | {"issuer": _issuer(communes), "printed_on": timezone.localdate()}
        return pdf_response(render_pdf("reports/pdf/table.html", context), f"{filename}.pdf")
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, template, table_context(table) | {"query": query.urlencode()} | (extra or {}))


def _communes(request):
    """Communes in the user's reach, narrowed to ?commune= when given (a foreign one: 404)."""
    communes = access.communes_for(request.user, "report.view").order_by("name")
    if pk := request.GET.get("commune"):
        if not pk.isdigit():
            raise Http404
        communes = communes.filter(pk=int(pk))
        if not communes.exists():
            raise Http404
    return communes


@require_GET
@login_required
@access.action_required("report.view")
@reads_from_replica
def index(request):
    reports = (
        MonitoringReport.objects.filter(
            access.place_q(request.user, None, commune_path="commune", action="report.view")
        )
        .select_related("commune")
        .order_by("-period_end", "-pk")[:50]
    )
    return render(
        request,
        "reports/index.html",
        {
            "reports": reports,
            "can_create": access.has_role(request.user, *access.ACTIONS["report.edit"]),
            "can_define": access.has_role(request.user, *access.ACTIONS["report.definitions"]),
            "programs": PROGRAMS,
        },
    )


@require_GET
@login_required
@access.action_required("project.view")
@reads_from_replica
def budget(request):
    """Approved budget and disbursement per component and project (moved from projects)."""
    communes = access.communes_for(request.user, "project.view")
    start, end = PeriodForm(request.GET or None).period()
    # The disbursement report is cumulative: everything approved and paid up to the end date.
    exporter = BudgetExporter(communes, Period(dt.date(2000, 1, 1), end))
    table = exporter.table()
    table["subtitle"] = _("Lũy kế đến ngày %(end)s") % {"end": end.strftime("%d/%m/%Y")}
    return export(
        request,
        table,
        filename="giai-ngan",
        communes=communes,
        template="reports/budget.html",
        extra={"form": PeriodForm(request.GET or None)},
    )


@require_GET
@login_required
@access.action_required("report.view")
@reads_from_replica
def component_table(request, code: str):
    """A live component table (Biểu 02 or the funding table) for a period and the communes in reach."""
    communes = _communes(request)
    program = request.GET.get("program") or PROGRAMS[0][0]
    if program not in dict(PROGRAMS):
        raise Http404
    first = communes.first()
    definition = ReportDefinition.current(code, program, first.province_id if first else None)
    if definition is None:
        raise Http404
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    table = ComponentTableExporter(communes, Period(start, end), definition=definition).table()
    return export(
        request,
        table,
        filename=f"{code}-{end:%Y%m%d}",
        communes=communes,
        template="reports/component_table.html",
        extra={"form": form, "definition": definition, "communes": communes, "program": program},
    )


@require_GET
@login_required
@access.action_required("report.view")
@reads_from_replica
def model_evaluation(request):
    """Per model type across projects and years: the evidence for replicating a model."""
    communes = _communes(request)
    today = timezone.localdate()
    table = ModelEvaluationExporter(communes, Period(dt.date(2000, 1, 1), today)).table()
    return export(
        request,
        table,
        filename=f"danh-gia-mo-hinh-{today:%Y%m%d}",
        communes=communes,
        template="reports/model_evaluation.html",
    )


# ---- monitoring reports ------------------------------------------------------------------------


def reports_for(user, action: str = "report.view"):
    return MonitoringReport.objects.filter(
        access.place_q(user, None, commune_path="commune", action=action)
    ).select_related("commune__province")


def get_report(user, pk: int) -> MonitoringReport:
    return get_object_or_404(reports_for(user), pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("report.edit")
def monitoring_create(request):
    commune = access.primary_commune(request.user)
    communes = access.communes_for(request.user, "report.edit")
    if request.GET.get("commune", "").isdigit():
        commune = get_object_or_404(communes, pk=int(request.GET["commune"]))
    if commune is None or not communes.filter(pk=commune.pk).exists():
        raise PermissionDenied
    kind = request.POST.get("kind") or request.GET.get("kind") or MonitoringReport.Kind.SIX_MONTH
    if kind not in MonitoringReport.Kind.values:
        kind = MonitoringReport.Kind.SIX_MONTH
    start, end = services.default_period(kind, timezone.localdate())
    form = ReportCreateForm(
        request.POST or None,
        initial={"kind": kind, "period_start": start, "period_end": end, "program_code": PROGRAMS[0][0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(commune, by=request.user, **form.cleaned_data)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã tạo báo cáo. Hãy viết các phần nhận xét rồi ban hành."))
            return redirect(report)
    return render(request, "reports/monitoring_create.html", {"form": form, "commune": commune})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("report.view")
def monitoring_detail(request, pk: int):
    report = get_report(request.user, pk)
    doc = services.document_of(report)
    can_edit = access.can(request.user, "report.edit", commune=report.commune)
    can_issue = access.can(request.user, "report.issue", commune=report.commune)
    form = ReportTextForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_text(
                    report, by=request.user, **{f: form.cleaned_data[f] for f in MonitoringReport.TEXT_FIELDS}
                )
            except services.ReportError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
            return redirect(report)
    tables = doc.snapshot["tables"] if doc else services.tables(report)
    return render(
        request,
        "reports/monitoring_detail.html",
        {
            "report": report,
            "doc": doc,
            "form": form,
            "can_edit": can_edit and not doc,
            "can_issue": can_issue,
            "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
            "replace_form": ReplaceForm(initial={"issued_on": timezone.localdate()}),
            "submission_form": SubmissionForm(
                initial={"submitted_on": timezone.localdate(), "submitted_to": report.commune.reports_to_name}
            ),
            "tables": [table_context(t) for t in tables],
            "today": timezone.localdate(),
        },
    )


@require_GET
@login_required
@access.action_required("report.view")
def monitoring_preview(request, pk: int):
    report = get_report(request.user, pk)
    pdf = services.register.preview(
        kind="bao_cao",
        target=report,
        template=services.TEMPLATE,
        snapshot=services.snapshot(report),
        summary=services.summary(report),
        issued_on=timezone.localdate(),
    )
    return pdf_response(pdf, f"du-thao-bao-cao-{report.pk}.pdf")


@require_GET
@login_required
@access.action_required("report.view")
def monitoring_xlsx(request, pk: int):
    """The report's tables as Excel: frozen ones once issued, live ones while a draft."""
    report = get_report(request.user, pk)
    doc = services.document_of(report)
    tables = doc.snapshot["tables"] if doc else services.tables(report)
    if not tables:
        raise Http404
    data = write_xlsx(tables[0], issuer=f"UBND {report.commune.name}", sheets=tables[1:])
    number = doc.number.replace("/", "-") if doc else "du-thao"
    return xlsx_response(data, f"bao-cao-giam-sat-{report.pk}-{number}.xlsx")


@require_POST
@login_required
@access.action_required("report.issue")
def monitoring_issue(request, pk: int):
    report = get_report(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(report)
    try:
        doc = services.issue_report(report, by=request.user, issued_on=form.cleaned_data["issued_on"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ban hành báo cáo số %(number)s.") % {"number": doc.number})
    return redirect(report)


@require_POST
@login_required
@access.action_required("report.issue")
def monitoring_replace(request, pk: int):
    report = get_report(request.user, pk)
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(report)
    try:
        doc = services.replace_report(
            report,
            by=request.user,
            issued_on=form.cleaned_data["issued_on"],
            reason=form.cleaned_data["reason"],
        )
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ban hành báo cáo thay thế số %(number)s.") % {"number": doc.number})
    return redirect(report)


@require_POST
@login_required
@access.action_required("report.edit")
def monitoring_submit(request, pk: int):
    report = get_report(request.user, pk)
    form = SubmissionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(report)
    try:
        services.record_submission(report, by=request.user, **form.cleaned_data)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi nhận việc gửi báo cáo lên cấp trên."))
    return redirect(report)


# ---- report definitions (the administrator) -------------------------------------------------------


@require_GET
@login_required
@access.action_required("report.definitions")
def definition_list(request):
    definitions = ReportDefinition.objects.select_related("province").order_by(
        "program_code", "code", "-version"
    )
    return render(request, "reports/definition_list.html", {"definitions": definitions})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("report.definitions")
def definition_edit(request, pk: int):
    """Editing saves a new version; reports already issued keep the shape they were frozen in."""
    definition = get_object_or_404(ReportDefinition, pk=pk)
    form = DefinitionForm(request.POST or None, instance=definition)
    if request.method == "POST" and form.is_valid():
        new = services.save_definition_version(definition, form.cleaned_data, by=request.user)
        messages.success(request, _("Đã lưu mẫu thành phiên bản %(v)s.") % {"v": new.version})
        return redirect("reports:definition_list")
    return render(request, "reports/definition_form.html", {"form": form, "definition": definition})


# ---- background exports -----------------------------------------------------------------------


@require_POST
@login_required
@access.action_required("report.view")
def export_start(request):
    """Queue a province-wide Biểu 02 (one sheet per commune) and show its progress."""
    form = PeriodForm(request.POST)
    program = request.POST.get("program") or PROGRAMS[0][0]
    if program not in dict(PROGRAMS) or not form.is_valid():
        messages.error(request, _("Kỳ hoặc chương trình không hợp lệ."))
        return redirect("reports:index")
    start, end = form.period()
    job = start_export(
        "bieu-02-theo-xa",
        by=request.user,
        params={"program": program, "start": start.isoformat(), "end": end.isoformat()},
        filename=f"bieu-02-theo-xa-{end:%Y%m%d}.xlsx",
    )
    return redirect(job)


def _job(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(requested_by=request.user), pk=pk)


@require_GET
@login_required
def export_detail(request, pk: int):
    job = _job(request, pk)
    kind = EXPORT_KINDS.get(job.kind)
    context = {"job": job, "title": kind.title if kind else _("Tệp xuất")}
    return render(request, partial(request, "reports/export_detail.html", "progress"), context)


@require_GET
@login_required
def export_download(request, pk: int):
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    response = private_file_response(job.file)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
