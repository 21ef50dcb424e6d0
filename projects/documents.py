"""Printed documents of a project (PDF in the Decree 30 frame). The disbursement report moved to
reports/ (reports.exporters.BudgetExporter)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from giamngheo import access, audit
from households.models import Member
from projects import eligibility, selectors
from projects.models import BcdDecision

PDF_DIR = "reports/pdf/"


def _official(project) -> dict:
    commune = project.commune
    return {"commune": commune, "project": project, "upper": commune.reports_to_name or "Cấp có thẩm quyền"}


def _pdf(template: str, context: dict, filename: str):
    from giamngheo.documents.pdf import pdf_response, render_pdf

    return pdf_response(render_pdf(PDF_DIR + template, context), filename)


def _heads(households) -> dict[int, Member]:
    heads = Member.objects.filter(household__in=households, relationship=Member.Relationship.HEAD)
    return {m.household_id: m for m in heads}


@require_GET
@login_required
def proposal_pdf(request, pk: int):
    """Đơn / phương án đề nghị hỗ trợ with the participant table."""
    project = selectors.get_project(request.user, pk)
    verdict = eligibility.assess(project)
    submitted = project.events.filter(kind="submit").order_by("-created_at").first()
    context = _official(project) | {
        "verdict": verdict,
        "items": project.items.all(),
        "doc": {"issued_on": timezone.localdate(submitted.created_at) if submitted else timezone.localdate()},
    }
    audit.record_export(
        request.user,
        "proposal.pdf",
        place=project.village,
        rows=len(verdict.households),
        filters={"project": project.pk},
    )
    return _pdf("project_proposal.html", context, f"de-xuat-du-an-{project.pk}.pdf")


@require_GET
@login_required
def commitment_pdf(request, pk: int, participant_pk: int):
    """The household's commitment, pre-filled for signing with the rule set's clauses."""
    project = selectors.get_project(request.user, pk)
    participant = get_object_or_404(project.participants.select_related("household"), pk=participant_pk)
    household = participant.household
    head = _heads([household]).get(household.pk)
    show_id = access.can(request.user, "household.view_id_number", village=project.village)
    verdict = eligibility.judge_household(
        household,
        project=project,
        rules=project.rule_set,
        on=timezone.localdate(),
        elsewhere={},
        alloc=eligibility.allocation(project.items.all(), participant.shares),
    )
    audit.record_export(
        request.user,
        "commitment.pdf",
        place=project.village,
        rows=1,
        filters={"household": household.code},
        id_numbers=show_id,
    )
    context = _official(project) | {
        "participant": participant,
        "household": household,
        "head": head,
        "show_id": show_id,
        "verdict": verdict,
        "items": project.items.all(),
        "rules": project.rule_set,
        "doc": {"issued_on": participant.commitment_signed_on},
    }
    return _pdf("commitment.html", context, f"cam-ket-{household.code}.pdf")


@require_GET
@login_required
def bcd_minutes_pdf(request, pk: int, decision_pk: int):
    project = selectors.get_project(request.user, pk)
    decision = get_object_or_404(BcdDecision.objects.filter(project=project), pk=decision_pk)
    verdict = eligibility.assess(project)
    context = _official(project) | {
        "decision": decision,
        "verdict": verdict,
        "doc": {"number": decision.minutes_number, "issued_on": decision.meeting_date},
    }
    return _pdf("bcd_minutes.html", context, f"bien-ban-bcd-{decision.pk}.pdf")


@require_GET
@login_required
def submission_pdf(request, pk: int):
    """Tờ trình to the upper level (once the BCĐ agreed and the submission was recorded)."""
    project = selectors.get_project(request.user, pk)
    if not project.submission_number:
        raise Http404
    agreed = (
        project.bcd_decisions.filter(conclusion=BcdDecision.Conclusion.AGREE)
        .order_by("-meeting_date")
        .first()
    )
    context = _official(project) | {
        "verdict": eligibility.assess(project),
        "agreed": agreed,
        "items": project.items.all(),
        "recipients": ["Như trên", "Thường trực BCĐ giảm nghèo xã", f"Trưởng {project.village.name}"],
        "doc": {"number": project.submission_number, "issued_on": project.submission_date},
    }
    return _pdf("submission.html", context, f"to-trinh-du-an-{project.pk}.pdf")


@require_GET
@login_required
def posting_notice_pdf(request, pk: int, posting_pk: int):
    project = selectors.get_project(request.user, pk)
    posting = get_object_or_404(project.postings, pk=posting_pk)
    context = _official(project) | {
        "posting": posting,
        "verdict": eligibility.assess(project),
        "doc": {"number": posting.notice_number, "issued_on": posting.posted_from},
    }
    audit.record_export(
        request.user,
        "posting_notice.pdf",
        place=project.village,
        rows=len(context["verdict"].households),
        filters={"project": project.pk},
    )
    return _pdf("posting_notice.html", context, f"niem-yet-{posting.pk}.pdf")
