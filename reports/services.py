"""Every change to a monitoring report: create, edit the text, issue (freeze), correct, record
the submission upward. Each one atomic, role-checked and audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.documents import register
from giamngheo.documents.register import DocumentError
from giamngheo.models import Commune, User
from reports.exporters import ComponentTableExporter
from reports.figures import Period
from reports.models import REPORT_DEADLINE_WORKING_DAYS, MonitoringReport, ReportDefinition, add_working_days

TEMPLATE = "reports/pdf/monitoring_report.html"
TABLE_CODES = ("nguon-von", "bieu-02")


class ReportError(Exception):
    """Refused; the message says why, in Vietnamese."""


def default_period(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a new report of this kind most likely covers: the last finished half-year
    or year (an ad-hoc report: from the start of the year to today)."""
    if kind == MonitoringReport.Kind.ANNUAL:
        year = today.year - 1 if today.month < 12 else today.year
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == MonitoringReport.Kind.SIX_MONTH:
        if today.month >= 6:
            return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
        return dt.date(today.year - 1, 7, 1), dt.date(today.year - 1, 12, 31)
    return dt.date(today.year, 1, 1), today


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ReportError(_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
    if (end - start).days > 366:
        raise ReportError(_("Một kỳ báo cáo dài nhất một năm."))


@transaction.atomic
def create_report(
    commune: Commune, *, by: User, kind: str, period_start: dt.date, period_end: dt.date, program_code: str
) -> MonitoringReport:
    access.require(by, "report.edit", commune=commune)
    _check_period(period_start, period_end)
    if not ReportDefinition.current("bieu-02", program_code, commune.province_id):
        raise ReportError(_("Chưa có mẫu Biểu số 02 cho chương trình này."))
    report = MonitoringReport.objects.create(
        commune=commune,
        program_code=program_code,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        deadline=add_working_days(period_end, REPORT_DEADLINE_WORKING_DAYS),
        created_by=by,
    )
    audit.record(by, report, "report.created", period=report.period_label)
    return report


def document_of(report: MonitoringReport):
    return register.current_for(report, "bao_cao").first()


@transaction.atomic
def update_text(report: MonitoringReport, *, by: User, **texts: str) -> MonitoringReport:
    access.require(by, "report.edit", commune=report.commune)
    report = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    if document_of(report):
        raise ReportError(_("Báo cáo đã ban hành; muốn sửa hãy ban hành báo cáo thay thế."))
    changed = {}
    for field, value in texts.items():
        if field in MonitoringReport.TEXT_FIELDS and getattr(report, field) != value:
            changed[field] = [getattr(report, field)[:80], value[:80]]
            setattr(report, field, value)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        audit.record(by, report, "report.edited", **changed)
    return report


def tables(report: MonitoringReport) -> list[dict]:
    """The report's tables computed now from live data (a draft, or what issuing freezes)."""
    period = Period(report.period_start, report.period_end)
    communes = Commune.objects.filter(pk=report.commune_id)
    out = []
    for code in TABLE_CODES:
        definition = ReportDefinition.current(code, report.program_code, report.commune.province_id)
        if definition:
            out.append(ComponentTableExporter(communes, period, definition=definition).table())
    return out


def snapshot(report: MonitoringReport) -> dict:
    """Everything the printed report says: the text the officer wrote and the computed tables."""
    labels = {f: str(MonitoringReport._meta.get_field(f).verbose_name) for f in MonitoringReport.TEXT_FIELDS}
    return {
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "period_label": report.period_label,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "program_code": report.program_code,
        "commune_name": report.commune.name,
        "sections": [
            {"field": f, "heading": labels[f], "text": getattr(report, f)} for f in report.TEXT_FIELDS
        ],
        "tables": tables(report),
    }


def summary(report: MonitoringReport) -> str:
    return _("Kết quả giám sát thực hiện Chương trình MTQG giảm nghèo bền vững %(period)s") % {
        "period": report.period_label
    }


@transaction.atomic
def issue_report(report: MonitoringReport, *, by: User, issued_on: dt.date, signatory=None):
    """Freeze figures and text into a numbered BC-UBND document."""
    access.require(by, "report.issue", commune=report.commune)
    if issued_on > timezone.localdate():
        raise ReportError(_("Ngày ban hành không được ở tương lai."))
    if issued_on < report.period_end and report.kind != MonitoringReport.Kind.AD_HOC:
        raise ReportError(_("Báo cáo kỳ chỉ ban hành sau khi kỳ báo cáo kết thúc."))
    try:
        doc = register.issue(
            kind="bao_cao",
            target=report,
            template=TEMPLATE,
            snapshot=snapshot(report),
            summary=summary(report),
            issued_on=issued_on,
            by=by,
            signatory=signatory,
            recipients=[report.commune.reports_to_name or _("Cơ quan cấp trên"), "Ban Chỉ đạo giảm nghèo xã"],
        )
    except DocumentError as error:
        raise ReportError(str(error)) from error
    return doc


@transaction.atomic
def replace_report(report: MonitoringReport, *, by: User, issued_on: dt.date, reason: str, **texts: str):
    """A corrected report: the text as now edited, figures recomputed, a new number."""
    access.require(by, "report.issue", commune=report.commune)
    old = document_of(report)
    if old is None:
        raise ReportError(_("Báo cáo chưa ban hành nên chưa có gì để thay thế."))
    report = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    for field, value in texts.items():
        if field in MonitoringReport.TEXT_FIELDS:
            setattr(report, field, value)
    report.submitted_on = None
    report.submission_channel = ""
    report.save()
    try:
        return register.replace(old, snapshot=snapshot(report), reason=reason, issued_on=issued_on, by=by)
    except DocumentError as error:
        raise ReportError(str(error)) from error


@transaction.atomic
def record_submission(
    report: MonitoringReport, *, by: User, submitted_on: dt.date, channel: str, submitted_to: str
) -> MonitoringReport:
    access.require(by, "report.edit", commune=report.commune)
    report = MonitoringReport.objects.select_for_update().get(pk=report.pk)
    doc = document_of(report)
    if doc is None:
        raise ReportError(_("Chỉ gửi cấp trên báo cáo đã ban hành."))
    if submitted_on < doc.issued_on:
        raise ReportError(_("Ngày gửi không được trước ngày ban hành báo cáo."))
    if submitted_on > timezone.localdate():
        raise ReportError(_("Ngày gửi không được ở tương lai."))
    report.submitted_on, report.submission_channel, report.submitted_to = submitted_on, channel, submitted_to
    report.save(update_fields=["submitted_on", "submission_channel", "submitted_to", "updated_at"])
    audit.record(
        by,
        report,
        "report.submitted",
        submitted_on=submitted_on,
        channel=channel,
        to=submitted_to,
        late=submitted_on > report.deadline,
    )
    return report


@transaction.atomic
def save_definition_version(definition: ReportDefinition, data: dict, *, by: User) -> ReportDefinition:
    """An edited definition is a new version; the old one stays (inactive) for the record."""
    access.require(by, "report.definitions")
    current = ReportDefinition.objects.select_for_update().get(pk=definition.pk)
    latest = (
        ReportDefinition.objects.filter(
            code=current.code, program_code=current.program_code, province=current.province
        )
        .order_by("-version")
        .first()
    )
    new = ReportDefinition(
        code=current.code,
        program_code=current.program_code,
        province=current.province,
        version=latest.version + 1,
        **{
            k: data[k]
            for k in (
                "name",
                "form_label",
                "title",
                "unit_label",
                "unit_divisor",
                "unit_decimals",
                "is_reference",
                "columns",
                "rows",
            )
        },
    )
    new.full_clean()
    new.save()
    ReportDefinition.objects.filter(
        code=current.code, program_code=current.program_code, province=current.province
    ).exclude(pk=new.pk).update(is_active=False)
    audit.record(by, new, "report.definition_saved", code=new.code, version=new.version)
    return new
