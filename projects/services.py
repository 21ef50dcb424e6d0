"""State changes of support projects. Each workflow move is one function of the same shape:

lock the row → check the move (Project.MOVES) and the actor's role → check the version the
actor saw → change → save → timeline event + audit entry → return.

A refused move raises `WorkflowError` with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.documents import register
from giamngheo.documents.models import Signatory
from giamngheo.models import Commune, User
from giamngheo.services import apply_changes
from households.models import Household
from projects import eligibility, issuing
from projects.event_labels import document as document_ref
from projects.models import (
    BcdDecision,
    BudgetLine,
    Complaint,
    Disbursement,
    Event,
    FundingSource,
    LegalDocument,
    Participant,
    Posting,
    Project,
    Round,
    RoundEnvelope,
    RuleSet,
    Status,
    SupportItem,
)


class WorkflowError(Exception):
    """A step that is not allowed now; the message says why, in Vietnamese."""


class StaleProject(WorkflowError):
    """Someone else changed the project since the actor loaded it."""


class WrongState(WorkflowError):
    """The project is not in a state where this step can be taken (a form for it is pointless)."""


STALE_MESSAGE = _(
    "Dự án vừa được người khác thay đổi (trạng thái hiện tại: %(status)s). "
    "Vui lòng xem lại trang và thực hiện lại nếu vẫn cần."
)


def _lock(project: Project, version: int | None) -> Project:
    locked = (
        Project.objects.select_for_update().select_related("village", "round", "rule_set").get(pk=project.pk)
    )
    if version is not None and int(version) != locked.version:
        raise StaleProject(STALE_MESSAGE % {"status": locked.get_status_display()})
    return locked


def _require_action(user: User, action: str, project: Project) -> None:
    if not access.can(user, action, village=project.village):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))


def _bump(project: Project, *fields: str) -> None:
    project.version += 1
    project.save(update_fields=["version", "updated_at", *fields])


def _move(
    project: Project,
    move: str,
    *,
    by: User,
    version: int | None,
    comment: str = "",
    document: str = "",
    fields: dict | None = None,
    params: dict | None = None,
) -> Project:
    """The shared body of every workflow step (call inside a transaction)."""
    step = Project.MOVES[move]
    project = _lock(project, version)
    _require_action(by, step.action, project)
    if project.route not in step.routes:
        raise WrongState(
            _("“%(move)s” không thuộc quy trình phê duyệt của dự án này (%(route)s).")
            % {"move": step.label, "route": project.rule_set.get_approval_route_display()}
        )
    if project.status not in step.sources:
        raise WrongState(
            _("Không thể thực hiện “%(move)s” khi dự án đang ở trạng thái “%(status)s”.")
            % {"move": step.label, "status": project.get_status_display()}
        )
    before = project.status
    project.status = step.target
    for name, value in (fields or {}).items():
        setattr(project, name, value)
    _bump(project, "status", *(fields or {}))
    Event.objects.create(
        project=project,
        actor=by,
        kind=move,
        params=params or {},
        from_status=before,
        to_status=project.status,
        document=document,
        comment=comment,
    )
    audit.record(
        by, project, f"project.{move}", status=[before, project.status], comment=comment, document=document
    )
    return project


def _note(
    project: Project,
    *,
    by: User,
    kind: str,
    params: dict | None = None,
    comment: str = "",
    document: str = "",
) -> None:
    """A timeline entry that is not a move (posting, complaint, decision detail…); its words
    come from `projects.event_labels` when shown."""
    Event.objects.create(
        project=project, actor=by, kind=kind, params=params or {}, comment=comment, document=document
    )


# ---- rounds --------------------------------------------------------------------------------------


def program_period_problem(component, year: int | None) -> str:
    """Why a round of `year` cannot run under the component's program ("" when it can)."""
    if component is None or year is None:
        return ""
    program = component.program
    if not program.covers(year):
        return _(
            "Năm kế hoạch %(year)s nằm ngoài thời gian của %(program)s (%(start)s–%(end)s); "
            "chọn nội dung thuộc chương trình đang áp dụng cho năm %(year)s."
        ) % {"year": year, "program": program.name, "start": program.start_year, "end": program.end_year}
    return ""


def _check_period(fields: dict, round_: Round | None = None) -> None:
    component = fields.get("component", round_.component if round_ else None)
    year = fields.get("year", round_.year if round_ else None)
    if problem := program_period_problem(component, year):
        raise WorkflowError(problem)


def _save_envelopes(round_: Round, envelopes: dict[str, int | None]) -> None:
    for source, amount in envelopes.items():
        if amount:
            RoundEnvelope.objects.update_or_create(round=round_, source=source, defaults={"amount": amount})
        else:
            RoundEnvelope.objects.filter(round=round_, source=source).delete()


def _plan_document(commune: Commune, by: User, new_plan: dict | None, fields: dict) -> None:
    if new_plan:
        document = LegalDocument.objects.create(commune=commune, kind=LegalDocument.Kind.PLAN, **new_plan)
        audit.record(by, document, "legal_document.created", number=document.number)
        fields["plan_document"] = document


@transaction.atomic
def create_round(
    commune: Commune,
    *,
    by: User,
    villages,
    envelopes: dict[str, int | None],
    new_plan: dict | None = None,
    **fields,
) -> Round:
    """Step 1: open a round under a component (not yet visible to villages). Audited.

    `new_plan` is an upper-level plan typed in by the officer; it becomes a LegalDocument."""
    _check_period(fields)
    _plan_document(commune, by, new_plan, fields)
    round_ = Round.objects.create(commune=commune, created_by=by, **fields)
    round_.villages.set(villages)
    _save_envelopes(round_, envelopes)
    audit.record(by, round_, "round.created", name=round_.name, envelopes=envelopes)
    return round_


@transaction.atomic
def update_round(
    round_: Round,
    *,
    by: User,
    villages,
    envelopes: dict[str, int | None],
    new_plan: dict | None = None,
    **fields,
) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == Round.Status.CLOSED:
        raise WorkflowError(_("Đợt triển khai đã kết thúc, không sửa được."))
    _check_period(fields, round_)
    _plan_document(round_.commune, by, new_plan, fields)
    apply_changes(round_, by=by, action="round.updated", fields=fields)
    villages_before = {v.pk: v.name for v in round_.villages.all()}
    envelopes_before = dict(round_.envelopes.values_list("source", "amount"))
    round_.villages.set(villages)
    _save_envelopes(round_, envelopes)
    villages_after = {v.pk: v.name for v in round_.villages.all()}
    if villages_after.keys() != villages_before.keys():
        audit.record(
            by,
            round_,
            "round.villages_changed",
            added=sorted(villages_after[pk] for pk in villages_after.keys() - villages_before.keys()),
            removed=sorted(villages_before[pk] for pk in villages_before.keys() - villages_after.keys()),
        )
    envelopes_after = dict(round_.envelopes.values_list("source", "amount"))
    if changes := audit.diff(envelopes_before, envelopes_after) | {
        source: [amount, None] for source, amount in envelopes_before.items() if source not in envelopes_after
    }:
        audit.record(by, round_, "round.envelopes_changed", changes=changes)
    return round_


@transaction.atomic
def publish_round(round_: Round, *, by: User) -> Round:
    """Announce the round to its villages: their heads see it in their work list."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.DRAFT:
        raise WorkflowError(_("Đợt triển khai này đã được thông báo."))
    if not round_.villages.exists():
        raise WorkflowError(_("Chọn ít nhất một thôn được đề xuất trước khi thông báo."))
    if round_.deadline < timezone.localdate():
        raise WorkflowError(
            _("Hạn gửi đề xuất (%(date)s) đã qua: sửa hạn trước khi thông báo tới thôn.")
            % {"date": f"{round_.deadline:%d/%m/%Y}"}
        )
    round_.status = Round.Status.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    audit.record(by, round_, "round.published")
    return round_


@transaction.atomic
def close_round(round_: Round, *, by: User) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.PUBLISHED:
        raise WorkflowError(_("Chỉ kết thúc được đợt đã thông báo."))
    round_.status = Round.Status.CLOSED
    round_.save(update_fields=["status"])
    audit.record(by, round_, "round.closed")
    return round_


# ---- step 2: the village drafts -----------------------------------------------------------------


@transaction.atomic
def create_project(round_: Round, *, by: User, village, **fields) -> Project:
    """Start a draft for a village of a published round, under the rule set now in force."""
    if round_.status != Round.Status.PUBLISHED:
        raise WorkflowError(_("Đợt triển khai chưa mở hoặc đã kết thúc."))
    if not round_.villages.filter(pk=village.pk).exists():
        raise WorkflowError(_("Thôn này không thuộc danh sách được đề xuất trong đợt."))
    if round_.deadline < timezone.localdate():
        raise WorkflowError(
            _("Đã quá hạn gửi đề xuất của đợt (%(date)s).") % {"date": f"{round_.deadline:%d/%m/%Y}"}
        )
    if not access.can(by, "project.propose", village=village):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))
    rules = RuleSet.current_for(round_.commune.province_id, timezone.localdate())
    if rules is None:
        raise WorkflowError(_("Chưa có bộ quy tắc hỗ trợ sản xuất đang áp dụng. Hãy báo quản trị hệ thống."))
    project = Project.objects.create(
        round=round_, commune=round_.commune, village=village, rule_set=rules, created_by=by, **fields
    )
    Event.objects.create(project=project, actor=by, kind="created", to_status=project.status)
    audit.record(by, project, "project.created", name=project.name, rule_set=str(rules))
    return project


def _editable(project: Project, *, by: User, version: int | None) -> Project:
    project = _lock(project, version)
    _require_action(by, "project.propose", project)
    if not project.is_editable:
        raise WorkflowError(
            _("Dự án đang ở trạng thái “%(status)s”, thôn không sửa được nữa.")
            % {"status": project.get_status_display()}
        )
    return project


@transaction.atomic
def update_project(project: Project, *, by: User, version: int | None, minutes=None, **fields) -> Project:
    """Edit the draft's plan and community-meeting record; `minutes` is a newly uploaded file."""
    project = _editable(project, by=by, version=version)
    apply_changes(project, by=by, action="project.updated", fields=fields)
    if minutes is not None:
        project.meeting_minutes = minutes
        project.save(update_fields=["meeting_minutes"])
        audit.record(by, project, "project.minutes_attached", file=project.meeting_minutes.name)
    _bump(project)
    return project


@transaction.atomic
def add_item(project: Project, *, by: User, version: int | None, **fields) -> SupportItem:
    project = _editable(project, by=by, version=version)
    item = SupportItem.objects.create(project=project, **fields)
    audit.record(by, item, "project.item_added", project=project.pk, **fields)
    _bump(project)
    return item


@transaction.atomic
def remove_item(item: SupportItem, *, by: User, version: int | None) -> None:
    project = _editable(item.project, by=by, version=version)
    audit.record(by, item, "project.item_removed", project=project.pk, name=item.name)
    item.delete()
    _bump(project)


@transaction.atomic
def add_participant(
    project: Project, household: Household, *, by: User, version: int | None, shares: int = 1
) -> Participant:
    """Add a household of the project's village. Hard rules (village, already in the round)
    refuse here too, so a stale picker cannot slip one through."""
    project = _editable(project, by=by, version=version)
    if project.participants.filter(household=household).exists():
        raise WorkflowError(_("Hộ %(name)s đã có trong danh sách.") % {"name": household.head_name})
    verdict = eligibility.judge_household(
        household,
        project=project,
        rules=project.rule_set,
        on=timezone.localdate(),
        elsewhere=eligibility.households_elsewhere(project, [household.pk]),
    )
    if verdict.blocked:
        raise WorkflowError(" ".join(c.message for c in verdict.problems if c.blocking))
    participant = Participant.objects.create(project=project, household=household, shares=shares)
    audit.record(by, participant, "project.participant_added", project=project.pk, household=str(household))
    _bump(project)
    return participant


@transaction.atomic
def update_participant(
    participant: Participant, *, by: User, version: int | None, scan=None, **fields
) -> Participant:
    """Edit a household's shares and commitment; `scan` is a newly uploaded signed commitment."""
    project = _editable(participant.project, by=by, version=version)
    apply_changes(participant, by=by, action="project.participant_updated", fields=fields)
    if scan is not None:
        participant.commitment_scan = scan
        participant.save(update_fields=["commitment_scan"])
        audit.record(by, participant, "project.commitment_attached", file=participant.commitment_scan.name)
    _bump(project)
    return participant


@transaction.atomic
def remove_participant(participant: Participant, *, by: User, version: int | None) -> None:
    project = _editable(participant.project, by=by, version=version)
    audit.record(
        by,
        participant,
        "project.participant_removed",
        project=project.pk,
        household=str(participant.household),
    )
    participant.delete()
    _bump(project)


# ---- the moves -------------------------------------------------------------------------------------


@transaction.atomic
def submit_project(project: Project, *, by: User, version: int | None, comment: str = "") -> Project:
    """The village sends its dossier to the commune; refused while anything blocks."""
    locked = _lock(project, version)
    _require_action(by, "project.propose", locked)
    if locked.can_move("submit"):
        if locked.status == Status.DRAFT and locked.round.status == Round.Status.CLOSED:
            raise WorkflowError(_("Đợt triển khai đã kết thúc, không nhận thêm đề xuất mới."))
        blocking = eligibility.assess(locked).blocking
        if blocking:
            raise WorkflowError(_("Chưa gửi được: %(reasons)s") % {"reasons": "; ".join(blocking)})
    project = _move(locked, "submit", by=by, version=version, comment=comment)
    issuing.issue_proposal(project, by=by)
    return project


@transaction.atomic
def return_to_village(project: Project, *, by: User, version: int | None, reasons: str) -> Project:
    """The officer sends the dossier back with the reasons; it keeps its history."""
    return _move(project, "return_to_village", by=by, version=version, comment=reasons)


@transaction.atomic
def send_to_bcd(project: Project, *, by: User, version: int | None, comment: str = "") -> Project:
    """The officer puts a complete dossier before the BCĐ (public posting done, no open complaint)."""
    locked = _lock(project, version)
    _require_action(by, "project.check", locked)
    if locked.can_move("send_to_bcd"):
        blocking = eligibility.assess(locked).blocking_bcd
        if blocking:
            raise WorkflowError(_("Chưa trình BCĐ được: %(reasons)s") % {"reasons": "; ".join(blocking)})
    return _move(locked, "send_to_bcd", by=by, version=version, comment=comment)


@transaction.atomic
def record_bcd_decision(
    project: Project,
    *,
    by: User,
    version: int | None,
    conclusion: str,
    meeting_date: dt.date,
    members_present: str,
    votes_for: int,
    votes_against: int = 0,
    reasons: str = "",
    place: str = "",
    chair: str = "",
    secretary: str = "",
    members_total: int | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    signatory: Signatory | None = None,
) -> BcdDecision:
    """The BCĐ's conclusion on one project: a meeting that considered only it (see
    projects.meetings.record_bcd_meeting for a meeting on several), with its one minutes."""
    from projects.meetings import Conclusion, record_bcd_meeting

    attendees = [line for line in members_present.splitlines() if line.strip()]
    meeting = record_bcd_meeting(
        project.commune,
        by=by,
        date=meeting_date,
        conclusions=[Conclusion(project, conclusion, votes_for, votes_against, reasons, version)],
        members_total=max(members_total or 0, len(attendees)),
        members_present=len(attendees),
        attendees=members_present,
        chair=chair,
        secretary=secretary,
        place=place,
        start_time=start_time,
        end_time=end_time,
        signatory=signatory,
    )
    return meeting.decisions.get()


@transaction.atomic
def submit_upward(
    project: Project,
    *,
    by: User,
    version: int | None,
    submission_date: dt.date,
    number: str = "",
    comment: str = "",
    signatory: Signatory | None = None,
) -> Project:
    """Send the agreed project to the level above with a tờ trình: issued here from the register
    (TTr-UBND number, stored PDF, signed by `signatory`), unless `number` names a tờ trình the
    commune already issued on paper outside the app. Refused while the commune has no
    approving body named in its settings ("Kính gửi")."""
    locked = _lock(project, version)
    _require_action(by, "project.submit_upward", locked)
    issue = locked.can_move("submit_upward") and not number
    if issue and not locked.commune.reports_to_name.strip():
        raise WorkflowError(issuing.reports_to_missing())
    doc = None
    if issue:
        try:
            doc = issuing.issue_submission(locked, by=by, issued_on=submission_date, signatory=signatory)
        except (register.DocumentError, issuing.IssueRefused) as e:
            raise WorkflowError(str(e)) from e
        number = doc.number
    return _move(
        locked,
        "submit_upward",
        by=by,
        version=version,
        comment=comment,
        params={"doc": document_ref("submission", number=number, date=f"{submission_date:%d/%m/%Y}")},
        fields={"submission_number": number, "submission_date": submission_date},
    )


def over_proposal(project: Project, amounts: dict[str, int | None]) -> str:
    """Why the approved total is above what the project proposed ("" when it is not).

    The level above may split the money between sources differently, but not approve more."""
    proposed = sum(eligibility.assess(project).budget.values())
    approved = sum(amount or 0 for amount in amounts.values())
    if approved <= proposed:
        return ""
    return _("Tổng kinh phí duyệt (%(approved)s đ) vượt tổng kinh phí dự án đề xuất (%(proposed)s đ).") % {
        "approved": eligibility._money(approved),
        "proposed": eligibility._money(proposed),
    }


@transaction.atomic
def record_upper_decision(
    project: Project,
    *,
    by: User,
    version: int | None,
    approved: bool,
    decision_number: str,
    decision_date: dt.date,
    issuer: str,
    amounts: dict[str, int | None] | None = None,
    reason: str = "",
) -> Project:
    """Record the level above's decision: approval with the budget by source, or refusal."""
    if approved and not any((amounts or {}).values()):
        raise WorkflowError(_("Cần nhập kinh phí được phê duyệt theo ít nhất một nguồn vốn."))
    if not approved and not reason.strip():
        raise WorkflowError(_("Cần ghi lý do cấp trên không phê duyệt."))
    if approved and (over := over_proposal(project, amounts or {})):
        raise WorkflowError(over)
    project = _move(
        project,
        "approve" if approved else "refuse",
        by=by,
        version=version,
        comment=reason,
        params={
            "doc": document_ref(
                "decision", number=decision_number, date=f"{decision_date:%d/%m/%Y}", issuer=issuer
            )
        },
        fields={
            "decision_number": decision_number,
            "decision_date": decision_date,
            "decision_issuer": issuer,
        },
    )
    if approved:
        for source, amount in (amounts or {}).items():
            if amount:
                BudgetLine.objects.update_or_create(
                    project=project, source=source, defaults={"approved_amount": amount}
                )
        audit.record(
            by,
            project,
            "project.budget_approved",
            decision=decision_number,
            amounts={source: amount for source, amount in (amounts or {}).items() if amount},
        )
    return project


@transaction.atomic
def start_implementation(project: Project, *, by: User, version: int | None, comment: str = "") -> Project:
    return _move(project, "start", by=by, version=version, comment=comment)


@transaction.atomic
def withdraw_project(
    project: Project,
    *,
    by: User,
    version: int | None,
    reason: str,
    decision_number: str,
    decision_date: dt.date,
) -> Project:
    """A commune leader withdraws (thu hồi) an approved project, citing a decision."""
    if not reason.strip():
        raise WorkflowError(_("Cần ghi lý do thu hồi."))
    document = _("Quyết định thu hồi số %(number)s ngày %(date)s") % {
        "number": decision_number,
        "date": f"{decision_date:%d/%m/%Y}",
    }
    return _move(project, "withdraw", by=by, version=version, comment=reason, document=document)


# ---- public posting and complaints ------------------------------------------------------------------

POSTING_STATES = frozenset({Status.DRAFT, Status.RETURNED, Status.SUBMITTED})
# Commune route: after the council, its results are posted for complaints before the decision.
RESULTS_POSTING_STATES = frozenset({Status.COUNCIL_PASSED})


def can_post_in(project: Project) -> bool:
    return project.status in POSTING_STATES or (
        project.is_commune_route and project.status in RESULTS_POSTING_STATES
    )


def _for_posting(project: Project, *, by: User) -> Project:
    project = _lock(project, None)
    _require_action(by, "project.posting", project)
    if not can_post_in(project):
        raise WrongState(
            _("Chỉ niêm yết, tiếp nhận phản ánh trước khi trình BCĐ, hoặc khi công khai kết quả thẩm định.")
        )
    return project


@transaction.atomic
def record_posting(
    project: Project,
    *,
    by: User,
    posted_from: dt.date,
    posted_to: dt.date,
    place: str,
    witnesses: str = "",
    village_head: str = "",
) -> Posting:
    """Record that the participant list was posted at the village, and issue the village's
    biên bản niêm yết (unnumbered: it takes none of the UBND's TB-UBND numbers)."""
    project = _for_posting(project, by=by)
    results = project.status in RESULTS_POSTING_STATES
    posting = Posting.objects.create(
        project=project,
        purpose=Posting.Purpose.RESULTS if results else Posting.Purpose.LIST,
        posted_from=posted_from,
        posted_to=posted_to,
        place=place,
        witnesses=witnesses,
        village_head=village_head,
        recorded_by=by,
    )
    issuing.issue_posting_minutes(posting, by=by)
    _note(
        project,
        by=by,
        kind="results_posting" if results else "posting",
        params={
            "doc": document_ref(
                "posting_minutes",
                start=f"{posted_from:%d/%m/%Y}",
                end=f"{posted_to:%d/%m/%Y}",
                place=place,
            )
        },
    )
    audit.record(
        by, posting, "project.posted", project=project.pk, posted_from=posted_from, posted_to=posted_to
    )
    _bump(project)
    return posting


@transaction.atomic
def record_complaint(
    project: Project, *, by: User, received_on: dt.date, complainant: str, content: str
) -> Complaint:
    project = _for_posting(project, by=by)
    complaint = Complaint.objects.create(
        project=project, received_on=received_on, complainant=complainant, content=content, recorded_by=by
    )
    _note(
        project,
        by=by,
        kind="complaint",
        params={"who": complainant},
        comment=content,
    )
    audit.record(by, complaint, "project.complaint_received", project=project.pk, complainant=complainant)
    _bump(project)
    return complaint


@transaction.atomic
def resolve_complaint(complaint: Complaint, *, by: User, resolution: str, resolved_on: dt.date) -> Complaint:
    project = _for_posting(complaint.project, by=by)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.is_resolved:
        raise WorkflowError(_("Phản ánh này đã được giải quyết."))
    complaint.resolution, complaint.resolved_on = resolution, resolved_on
    complaint.save(update_fields=["resolution", "resolved_on"])
    _note(
        project,
        by=by,
        kind="complaint_resolved",
        params={"who": complaint.complainant},
        comment=resolution,
    )
    audit.record(by, complaint, "project.complaint_resolved", project=project.pk, resolution=resolution)
    _bump(project)
    return complaint


# ---- budget ------------------------------------------------------------------------------------------

DISBURSABLE = frozenset({Status.APPROVED, Status.IMPLEMENTING})


@transaction.atomic
def record_disbursement(
    project: Project, *, by: User, source: str, paid_on: dt.date, amount: int, document: str, note: str = ""
) -> Disbursement:
    """Record money paid out; refused past the approved amount of that source."""
    project = _lock(project, None)
    _require_action(by, "project.disburse", project)
    if project.status not in DISBURSABLE:
        raise WrongState(_("Chỉ giải ngân cho dự án đã được phê duyệt."))
    line = project.budget_lines.filter(source=source).first()
    approved = line.approved_amount if line else 0
    paid = sum(project.disbursements.filter(source=source).values_list("amount", flat=True))
    if paid + amount > approved:
        raise WorkflowError(
            _("Vượt kinh phí được duyệt của %(source)s: đã giải ngân %(paid)s đ, được duyệt %(approved)s đ.")
            % {
                "source": FundingSource(source).label,
                "paid": eligibility._money(paid),
                "approved": eligibility._money(approved),
            }
        )
    disbursement = Disbursement.objects.create(
        project=project,
        source=source,
        paid_on=paid_on,
        amount=amount,
        document=document,
        note=note,
        recorded_by=by,
    )
    audit.record(by, disbursement, "project.disbursed", project=project.pk, source=source, amount=amount)
    return disbursement
