"""Printed documents of a project. The disbursement report moved to reports/.

Issued documents are served as their stored bytes (documents:file); before issue, the same
template renders a draft (DỰ THẢO, no number) from a snapshot of the data now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from giamngheo import access, audit
from giamngheo.documents import register
from giamngheo.documents.models import IssuedDocument
from giamngheo.documents.pdf import pdf_response, render_pdf
from projects import issuing, selectors, snapshots
from projects.models import BcdDecision, BcdMeeting, Posting, Project

PDF_DIR = "reports/pdf/"


def _stored(doc):
    return redirect("documents:file", doc.pk)


def _draft(kind: str, target, template: str, snapshot: dict, summary: str, **kw):
    from giamngheo.documents.pdf import pdf_response

    pdf = register.preview(
        kind=kind, target=target, template=template, snapshot=snapshot, summary=summary, **kw
    )
    return pdf_response(pdf, f"du-thao-{kind}-{target.pk}.pdf")


def project_documents(project, user=None) -> list[IssuedDocument]:
    """Every document issued for the project, its meetings and postings (replaced ones too);
    with `user`, only those the user may open (a BCĐ minutes covers the whole commune's
    projects, so a village head does not get it)."""

    def of(model):  # joined in the same query (no content-type look-up of its own)
        return Q(target_type__app_label=model._meta.app_label, target_type__model=model._meta.model_name)

    # Subqueries (ids cast to text, as target_id is): one query for all of them.
    meeting_ids = (
        BcdDecision.objects.filter(project=project, meeting__isnull=False)
        .annotate(key=Cast("meeting_id", CharField()))
        .values("key")
    )
    posting_ids = Posting.objects.filter(project=project).annotate(key=Cast("pk", CharField())).values("key")

    from giamngheo.documents.views import documents_for

    docs = documents_for(user) if user is not None else IssuedDocument.objects.all()
    return list(
        docs.filter(
            (of(Project) & Q(target_id=str(project.pk)))
            | (of(BcdMeeting) & Q(target_id__in=meeting_ids))
            | (of(Posting) & Q(target_id__in=posting_ids))
        )
        .select_related("kind", "replaced_by", "village", "commune")
        .order_by("issued_on", "pk")
    )


@require_GET
@login_required
def proposal_pdf(request, pk: int):
    """Đơn / phương án đề nghị hỗ trợ: the one the village sent (stored), else a draft of it."""
    project = selectors.get_project(request.user, pk)
    if doc := register.current_for(project, "de_xuat").first():
        return _stored(doc)  # documents:file logs the export
    audit.record_export(
        request.user,
        "proposal_draft.pdf",
        place=project.village,
        rows=project.participants.count(),
        filters={"project": project.pk},
    )
    return _draft(
        "de_xuat",
        project,
        issuing.PROPOSAL_TEMPLATE,
        snapshots.proposal(project),
        issuing.proposal_summary(project),
    )


@require_GET
@login_required
def commitment_pdf(request, pk: int, participant_pk: int):
    """The household's commitment, pre-filled for signing (a form, not an issued record)."""
    project = selectors.get_project(request.user, pk)
    participant = get_object_or_404(
        project.participants.select_related("household", "project"), pk=participant_pk
    )
    show_id = access.can(request.user, "household.view_id_number", village=project.village)
    audit.record_export(
        request.user,
        "commitment.pdf",
        place=project.village,
        rows=1,
        filters={"household": participant.household.code},
        id_numbers=show_id,
    )
    snap = register.frozen(snapshots.commitment(participant, show_id=show_id))
    context = {"snap": snap, "doc": {"place": project.commune.short_name, "title": "BẢN CAM KẾT"}}
    return pdf_response(
        render_pdf(PDF_DIR + "commitment.html", context), f"cam-ket-{participant.household.code}.pdf"
    )


@require_GET
@login_required
def bcd_minutes_pdf(request, pk: int, decision_pk: int):
    """The minutes of the meeting that took this decision (stored bytes)."""
    project = selectors.get_project(request.user, pk)
    decision = get_object_or_404(
        BcdDecision.objects.filter(project=project, meeting__isnull=False), pk=decision_pk
    )
    doc = register.current_for(decision.meeting, "bb_bcd").first()
    if doc is None:
        raise Http404
    return _stored(doc)


@require_GET
@login_required
def submission_pdf(request, pk: int):
    """Tờ trình: the issued one (stored), or — while the project waits for it — a draft."""
    project = selectors.get_project(request.user, pk)
    if doc := register.current_for(project, "to_trinh").first():
        return _stored(doc)
    if not project.can_move("submit_upward"):
        raise Http404
    return _draft(
        "to_trinh",
        project,
        issuing.SUBMISSION_TEMPLATE,
        snapshots.submission(project),
        issuing.submission_summary(project),
        recipients=issuing.submission_recipients(project),
    )


@require_GET
@login_required
def posting_notice_pdf(request, pk: int, posting_pk: int):
    project = selectors.get_project(request.user, pk)
    posting = get_object_or_404(project.postings, pk=posting_pk)
    doc = register.current_for(posting, "bb_niem_yet").first()
    if doc is None:
        raise Http404
    return _stored(doc)
