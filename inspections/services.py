"""State changes after approval. Each is one atomic function: lock → check role and state →
change → audit (workflow moves go through `giamngheo.workflow.transition`). A refused change
raises `FollowUpError` (a WorkflowError) with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import audit
from giamngheo.documents import register
from giamngheo.models import Role, RoleAssignment, User
from giamngheo.workflow import WorkflowError, lock, require, transition
from households.models import Classification, Household
from inspections import documents, photos, schedule
from inspections.balances import approved_quantity, delivered_quantity
from inspections.models import (
    OUTFLOW_OF_STATUS,
    Commitment,
    CommuneFollowUpSettings,
    Consequence,
    FollowUpRule,
    Handover,
    HandoverLine,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    InspectionRound,
    MonitoringNote,
    Recovery,
    Rotation,
    Supplier,
)
from projects.models import Participant, Project, SupportItem

FollowUpError = WorkflowError

# Projects whose support may be handed over.
HANDOVER_STATES = frozenset({Project.Status.APPROVED, Project.Status.IMPLEMENTING})
ADHOC_DAYS = 7  # a suspected breach is to be checked within a week


def _q(value) -> str:
    return f"{Decimal(value).normalize():f}"


def _not_future(day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise FollowUpError(
            _("%(what)s (%(date)s) chưa đến: không ghi trước được.")
            % {"what": what, "date": f"{day:%d/%m/%Y}"}
        )


# ---- suppliers ------------------------------------------------------------------------------------


@transaction.atomic
def create_supplier(commune, *, by: User, **fields) -> Supplier:
    require(by, "supplier.manage", commune=commune)
    supplier = Supplier.objects.create(commune=commune, **fields)
    audit.record(by, supplier, "supplier.created", name=supplier.name, tax_code=supplier.tax_code)
    return supplier


# ---- handover ---------------------------------------------------------------------------------------


@transaction.atomic
def create_handover(project: Project, *, by: User, **fields) -> Handover:
    """Open a handover session (draft) for an approved or implementing project."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(by, "handover.manage", village=project.village)
    if project.status not in HANDOVER_STATES:
        raise FollowUpError(
            _("Chỉ bàn giao hỗ trợ của dự án đã phê duyệt hoặc đang triển khai (dự án đang: %(status)s).")
            % {"status": project.get_status_display()}
        )
    _not_future(fields["held_on"], _("Ngày bàn giao"))
    if project.decision_date and fields["held_on"] < project.decision_date:
        raise FollowUpError(_("Ngày bàn giao không được trước ngày quyết định phê duyệt dự án."))
    supplier = fields.get("supplier")
    if supplier is not None and supplier.commune_id != project.commune_id:
        raise FollowUpError(_("Đơn vị cung ứng không thuộc xã của dự án."))
    if supplier is None and not fields.get("giver_name"):
        raise FollowUpError(_("Chọn đơn vị cung ứng hoặc ghi tên bên giao."))
    handover = Handover.objects.create(
        project=project, commune_id=project.commune_id, village_id=project.village_id, created_by=by, **fields
    )
    audit.record(by, handover, "handover.created", held_on=handover.held_on, place=handover.place)
    return handover


def _draft(handover: Handover, by: User) -> Handover:
    handover = lock(handover)
    require(by, "handover.manage", village=handover.village)
    if handover.status != Handover.Status.DRAFT:
        raise FollowUpError(
            _("Biên bản bàn giao đã ban hành: không sửa được nữa. Muốn sửa, hãy lập biên bản đính chính.")
        )
    return handover


@transaction.atomic
def add_line(
    handover: Handover,
    *,
    by: User,
    participant: Participant,
    item: SupportItem,
    quantity: Decimal,
    refused: bool = False,
    refusal_reason: str = "",
    unit_price: int | None = None,
    **details,
) -> HandoverLine:
    """Add one delivered (or refused) item for one household.

    The participant's row is locked while the balance is read, so two handovers of the last
    remaining quantity queue here and the second finds nothing left. A refused line does not
    count against the balance: the goods went back to the supplier."""
    handover = _draft(handover, by)
    if participant.project_id != handover.project_id or item.project_id != handover.project_id:
        raise FollowUpError(_("Hộ hoặc nội dung hỗ trợ không thuộc dự án này."))
    participant = Participant.objects.select_for_update().select_related("household").get(pk=participant.pk)
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise FollowUpError(_("Số lượng phải lớn hơn 0."))
    if refused and not refusal_reason.strip():
        raise FollowUpError(_("Ghi lý do không nhận (ví dụ: chưa kiểm dịch, không đủ trọng lượng, bị bệnh)."))
    if not refused:
        remaining = approved_quantity(participant, item) - delivered_quantity(participant.pk, item.pk)
        if quantity > remaining:
            raise FollowUpError(
                _(
                    "Hộ %(name)s chỉ còn được nhận %(left)s %(unit)s “%(item)s” "
                    "(được duyệt %(approved)s); không giao %(qty)s được."
                )
                % {
                    "name": participant.household.head_name,
                    "left": _q(max(remaining, 0)),
                    "unit": item.unit,
                    "item": item.name,
                    "approved": _q(approved_quantity(participant, item)),
                    "qty": _q(quantity),
                }
            )
    price = item.unit_price if unit_price is None else unit_price
    line = HandoverLine.objects.create(
        handover=handover,
        participant=participant,
        household=participant.household,
        item=item,
        quantity=quantity,
        unit=details.pop("unit", "") or item.unit,
        unit_price=price,
        amount=int((quantity * price).quantize(Decimal(1), ROUND_HALF_UP)),
        refused=refused,
        refusal_reason=refusal_reason.strip() if refused else "",
        **details,
    )
    audit.record(
        by,
        handover,
        "handover.line_refused" if refused else "handover.line_added",
        household=participant.household.head_name,
        item=item.name,
        quantity=_q(quantity),
        reason=line.refusal_reason,
    )
    return line


@transaction.atomic
def remove_line(line: HandoverLine, *, by: User) -> None:
    handover = _draft(line.handover, by)
    audit.record(
        by, handover, "handover.line_removed", household=line.household.head_name, item=line.item.name
    )
    line.delete()


@transaction.atomic
def issue_handover_minutes(
    handover: Handover,
    *,
    by: User,
    version: int | None = None,
    issued_on: dt.date | None = None,
    signatory=None,
) -> Handover:
    """Issue the biên bản bàn giao (numbered PDF) and open each receiving household's commitment,
    with its periodic inspections scheduled."""
    issued_on = issued_on or handover.held_on
    if not handover.lines.exists():
        raise FollowUpError(_("Biên bản chưa có dòng bàn giao nào."))
    handover = transition(handover, Handover.MOVES, "issue", by=by, version=version, village=handover.village)
    handover = Handover.objects.select_related(
        "project__rule_set", "project__village", "supplier", "village"
    ).get(pk=handover.pk)
    kind = "bb_luan_chuyen" if handover.kind == Handover.Kind.ROTATION else "bb_ban_giao"
    register.issue(
        kind=kind,
        target=handover,
        template=documents.HANDOVER_TEMPLATE,
        snapshot=documents.handover_snapshot(handover),
        summary=_("Bàn giao hỗ trợ dự án %(name)s") % {"name": handover.project.name},
        issued_on=issued_on,
        by=by,
        signatory=signatory,
    )
    for household_id, participant_id in (
        handover.lines.filter(refused=False).values_list("household_id", "participant_id").distinct()
    ):
        _open_commitment(handover, household_id, participant_id, by=by)
    return handover


def rules_of(project: Project) -> tuple[FollowUpRule, object]:
    rule_set = project.rule_set
    follow = FollowUpRule.objects.filter(rule_set=rule_set).first() or FollowUpRule(rule_set=rule_set)
    return follow, rule_set


def _open_commitment(handover: Handover, household_id: int, participant_id: int | None, *, by: User):
    project = handover.project
    existing = Commitment.objects.filter(household_id=household_id, project=project, status="open").first()
    if existing is not None:
        return existing
    follow, rule_set = rules_of(project)
    months = follow.commitment_months or project.duration_months
    start = handover.held_on
    commitment = Commitment.objects.create(
        household_id=household_id,
        project=project,
        participant_id=participant_id,
        opened_by=handover,
        clauses=rule_set.clauses_for(project.model),  # texts, only those of the project's model
        starts_on=start,
        ends_on=schedule.add_months(start, months),
        inspection_interval_months=follow.inspection_interval_months,
        rotation_what=follow.rotation_what if rule_set.rotation_months else "",
        rotation_rule=rule_set.rotation_rule if rule_set.rotation_months else "",
        rotation_due_on=schedule.add_months(start, rule_set.rotation_months)
        if rule_set.rotation_months
        else None,
    )
    audit.record(
        by, commitment, "commitment.opened", starts_on=commitment.starts_on, ends_on=commitment.ends_on
    )
    schedule_inspections(commitment)
    return commitment


def team_of(commune) -> list[User]:
    """The commune's officers, who carry out inspections (in a stable order)."""
    return list(
        User.objects.filter(
            is_active=True, role_assignments__commune=commune, role_assignments__role=Role.COMMUNE_OFFICER
        )
        .distinct()
        .order_by("pk")
    )


def schedule_inspections(commitment: Commitment) -> list[Inspection]:
    """Plan the periodic inspections of a commitment for its whole period, shared out among the
    commune's officers in turn."""
    household = commitment.household
    team = team_of(household.commune)
    dates = schedule.periodic_dates(
        commitment.starts_on, commitment.ends_on, commitment.inspection_interval_months
    )
    offset = household.pk
    planned = [
        Inspection(
            commitment=commitment,
            household=household,
            village_id=household.village_id,
            kind=Inspection.Kind.PERIODIC,
            due_on=due,
            assigned_to=team[(offset + n) % len(team)] if team else None,
        )
        for n, due in enumerate(dates)
    ]
    return Inspection.objects.bulk_create(planned)


@transaction.atomic
def upload_signed_minutes(handover: Handover, *, by: User, scan, version: int | None = None) -> Handover:
    """Attach the scan of the minutes signed by all parties: the handover is locked from then on."""
    handover = transition(handover, Handover.MOVES, "sign", by=by, version=version, village=handover.village)
    handover.signed_scan.save(scan.name, scan, save=False)
    handover.save(update_fields=["signed_scan"])
    return handover


CORRECTABLE = ("variety", "identifier", "sex", "age_months", "weight_kg", "vaccination", "quarantine_paper")


@transaction.atomic
def correct_handover(
    handover: Handover, *, by: User, line: HandoverLine, reason: str, issued_on: dt.date, **changes
) -> Handover:
    """Correct an animal's particulars on issued minutes: a replacing document with the reason.

    The handover goes back to "issued" until the corrected minutes are signed and scanned."""
    handover = lock(handover)
    require(by, "handover.manage", village=handover.village)
    if handover.status == Handover.Status.DRAFT:
        raise FollowUpError(_("Biên bản chưa ban hành: sửa trực tiếp các dòng."))
    if not reason.strip():
        raise FollowUpError(_("Cần ghi lý do đính chính biên bản."))
    line = HandoverLine.objects.select_for_update().get(pk=line.pk, handover=handover)
    fields = {k: v for k, v in changes.items() if k in CORRECTABLE}
    before = audit.snapshot(line, list(fields))
    for name, value in fields.items():
        setattr(line, name, value)
    line.save(update_fields=list(fields))
    old = register.current_for(handover).first()
    handover = Handover.objects.select_related("project", "supplier", "village").get(pk=handover.pk)
    register.replace(
        old, snapshot=documents.handover_snapshot(handover), reason=reason, issued_on=issued_on, by=by
    )
    if handover.status == Handover.Status.SIGNED:
        handover.status = Handover.Status.ISSUED
    handover.version += 1
    handover.save(update_fields=["status", "version"])
    audit.record(
        by,
        handover,
        "handover.corrected",
        reason=reason,
        changes=audit.diff(before, audit.snapshot(line, list(fields))),
    )
    return handover


# ---- commitments ------------------------------------------------------------------------------------


@transaction.atomic
def close_commitment(
    commitment: Commitment, *, by: User, outcome: str, closed_on: dt.date, version: int | None = None
) -> Commitment:
    """Close a commitment with its outcome; its inspections not yet done are cancelled."""
    _not_future(closed_on, _("Ngày kết thúc"))
    if closed_on < commitment.starts_on:
        raise FollowUpError(_("Ngày kết thúc không được trước ngày bắt đầu cam kết."))
    commitment = transition(
        commitment,
        Commitment.MOVES,
        "close",
        by=by,
        version=version,
        village=commitment.household.village,
        fields={"outcome": outcome, "closed_on": closed_on},
        data={"outcome": outcome},
    )
    commitment.inspections.filter(status=Inspection.Status.PLANNED).update(status=Inspection.Status.CANCELLED)
    return commitment


# ---- inspections ----------------------------------------------------------------------------------


@transaction.atomic
def plan_adhoc(
    commitment: Commitment,
    *,
    by: User,
    due_on: dt.date,
    reason: str,
    assigned_to: User | None = None,
    round_=None,
) -> Inspection:
    """An ad-hoc inspection (đột xuất) of one household."""
    require(by, "inspection.plan", village=commitment.household.village)
    if commitment.status != Commitment.Status.OPEN:
        raise FollowUpError(_("Cam kết của hộ đã kết thúc."))
    if not reason.strip():
        raise FollowUpError(_("Ghi lý do kiểm tra đột xuất."))
    if assigned_to is not None and assigned_to not in team_of(commitment.household.commune):
        raise FollowUpError(_("Người được giao không phải cán bộ của xã."))
    inspection = Inspection.objects.create(
        commitment=commitment,
        household=commitment.household,
        village_id=commitment.household.village_id,
        kind=Inspection.Kind.ADHOC,
        reason=reason.strip(),
        due_on=due_on,
        assigned_to=assigned_to,
        round=round_,
    )
    audit.record(by, inspection, "inspection.planned", due_on=due_on, reason=reason, kind="adhoc")
    return inspection


def sample(commitments, size: int, seed: int) -> list[Commitment]:
    """A reproducible random sample: the same commitments, size and seed always pick the same ones."""
    pool = sorted(commitments, key=lambda c: c.pk)
    return random.Random(seed).sample(pool, min(size, len(pool)))


@transaction.atomic
def plan_adhoc_sample(
    project: Project, *, by: User, size: int, seed: int, due_on: dt.date, reason: str, round_=None
) -> list[Inspection]:
    require(by, "inspection.plan", village=project.village)
    if size <= 0:
        raise FollowUpError(_("Số hộ chọn phải lớn hơn 0."))
    open_ = Commitment.objects.filter(project=project, status="open").select_related("household")
    picked = sample(open_, size, seed)
    if not picked:
        raise FollowUpError(_("Dự án chưa có hộ nào đang thực hiện cam kết."))
    team = team_of(project.commune)
    return [
        plan_adhoc(
            c,
            by=by,
            due_on=due_on,
            reason=reason,
            assigned_to=team[n % len(team)] if team else None,
            round_=round_,
        )
        for n, c in enumerate(picked)
    ]


@transaction.atomic
def create_round(commune, *, by: User, **fields) -> InspectionRound:
    """Open an inspection round; its scope (a project, a village or a sample) plans its visits:
    existing planned inspections in the period join it, a sample plans ad-hoc ones."""
    require(by, "inspection.plan", commune=commune)
    if fields["ends_on"] < fields["starts_on"]:
        raise FollowUpError(_("Ngày kết thúc đợt phải sau ngày bắt đầu."))
    round_ = InspectionRound.objects.create(commune=commune, created_by=by, **fields)
    planned = Inspection.objects.filter(
        household__commune=commune,
        status=Inspection.Status.PLANNED,
        round__isnull=True,
        due_on__range=(round_.starts_on, round_.ends_on),
    )
    if round_.project_id:
        planned = planned.filter(commitment__project_id=round_.project_id)
    if round_.village_id:
        planned = planned.filter(village_id=round_.village_id)
    if round_.sample_size and round_.project_id:
        plan_adhoc_sample(
            round_.project,
            by=by,
            size=round_.sample_size,
            seed=round_.seed or 0,
            due_on=round_.ends_on,
            reason=_("Chọn mẫu ngẫu nhiên: %(name)s") % {"name": round_.name},
            round_=round_,
        )
    else:
        planned.update(round=round_)
    audit.record(by, round_, "inspection_round.created", name=round_.name)
    return round_


@transaction.atomic
def close_round(round_: InspectionRound, *, by: User, issued_on: dt.date, version: int | None = None):
    """Close the round and issue its report (báo cáo kết quả kiểm tra) for the BCĐ."""
    round_ = transition(
        round_,
        InspectionRound.MOVES,
        "close",
        by=by,
        version=version,
        commune=round_.commune,
        prefix="inspection_round",
    )
    return register.issue(
        kind="bao_cao",
        target=round_,
        template=documents.ROUND_REPORT_TEMPLATE,
        snapshot=documents.round_report_snapshot(round_),
        summary=_("Kết quả %(name)s") % {"name": round_.name},
        issued_on=issued_on,
        by=by,
    )


def previous_visit(inspection: Inspection) -> Inspection | None:
    return (
        Inspection.objects.filter(commitment=inspection.commitment, status=Inspection.Status.DONE)
        .exclude(pk=inspection.pk)
        .order_by("-done_on", "-pk")
        .first()
    )


@transaction.atomic
def record_inspection(
    inspection: Inspection,
    *,
    by: User,
    version: int | None = None,
    done_on: dt.date,
    result: str,
    item_statuses: dict[int, tuple[str, str]],
    clauses_kept: list[bool | None],
    images=(),
    **fields,
):
    """Record a visit: each item's status (a dead, lost, sold or slaughtered animal leaves the
    household's balance), clauses kept, photos, result; issues the biên bản kiểm tra."""
    inspection = lock(inspection, version)
    require(by, "inspection.record", village=inspection.village)
    if inspection.status != Inspection.Status.PLANNED:
        raise FollowUpError(_("Lần kiểm tra này đã được ghi (hoặc đã hủy)."))
    commitment = inspection.commitment
    if done_on > timezone.localdate():
        raise FollowUpError(_("Ngày kiểm tra không được sau hôm nay."))
    if done_on < commitment.starts_on:
        raise FollowUpError(
            _("Ngày kiểm tra không được trước ngày bàn giao (%(date)s).")
            % {"date": f"{commitment.starts_on:%d/%m/%Y}"}
        )
    keep = (
        CommuneFollowUpSettings.objects.filter(commune_id=inspection.household.commune_id)
        .values_list("keep_photo_location", flat=True)
        .first()
    )
    processed = [photos.process(image, keep_location=bool(keep)) for image in images]
    lines = {
        line.pk: line
        for line in HandoverLine.objects.select_for_update().filter(
            household=inspection.household,
            handover__project=commitment.project,
            refused=False,
            handover__status__in=["issued", "signed"],
        )
    }
    for line_pk, (status, note) in item_statuses.items():
        line = lines.get(line_pk)
        if line is None:
            raise FollowUpError(_("Hỗ trợ được kiểm tra không thuộc hộ này."))
        InspectionItem.objects.create(inspection=inspection, line=line, status=status, note=note)
        if (outflow := OUTFLOW_OF_STATUS.get(status)) and line.in_use > 0:
            gone = line.in_use
            setattr(line, outflow, getattr(line, outflow) + gone)
            line.save(update_fields=[outflow])
            audit.record(
                by, line.handover, "handover.line_left", line=str(line), status=status, quantity=_q(gone)
            )
    for n, photo in enumerate(processed):
        stored = InspectionPhoto(
            inspection=inspection, width=photo.width, height=photo.height, size=len(photo.content)
        )
        stored.image.save(f"kiem-tra-{inspection.pk}-{n + 1}.jpg", ContentFile(photo.content), save=False)
        stored.save()
    inspection.status = Inspection.Status.DONE
    inspection.done_on = done_on
    inspection.result = result
    inspection.clauses_kept = clauses_kept
    inspection.recorded_by = by
    for name, value in fields.items():
        setattr(inspection, name, value)
    inspection.version += 1
    inspection.save()
    audit.record(by, inspection, "inspection.recorded", result=result, done_on=done_on, photos=len(processed))
    inspection = Inspection.objects.select_related("commitment__project", "household__village", "round").get(
        pk=inspection.pk
    )
    register.issue(
        kind="bb_kiem_tra",
        target=inspection,
        template=documents.INSPECTION_TEMPLATE,
        snapshot=documents.inspection_snapshot(inspection),
        summary=_("Kiểm tra việc thực hiện cam kết của hộ %(name)s")
        % {"name": inspection.household.head_name},
        issued_on=done_on,
        by=by,
    )
    return inspection


@transaction.atomic
def record_consequence(
    inspection: Inspection, *, by: User, kind: str, note: str, deadline=None
) -> Consequence:
    """A reminder, a written warning or an adjustment after an inspection that did not pass."""
    require(by, "consequence.record", village=inspection.village)
    if inspection.status != Inspection.Status.DONE or inspection.result == Inspection.Result.PASS:
        raise FollowUpError(_("Chỉ xử lý sau lần kiểm tra có kết quả không đạt hoặc cần theo dõi."))
    consequence = Consequence.objects.create(
        inspection=inspection, kind=kind, note=note, deadline=deadline, recorded_by=by
    )
    audit.record(by, inspection, f"inspection.{kind}", note=note, deadline=deadline)
    return consequence


@transaction.atomic
def record_monitoring_note(
    household: Household, *, by: User, observed_on: dt.date, text: str, suspected_breach: bool = False
) -> MonitoringNote:
    """A community observation; a suspected breach becomes an ad-hoc inspection for the commune team."""
    require(by, "monitoring.note", village=household.village)
    _not_future(observed_on, _("Ngày ghi nhận"))
    roles = set(RoleAssignment.objects.filter(user=by).values_list("role", flat=True))
    role = next(
        (
            r
            for r in (Role.FRONT_SUPERVISOR, Role.VILLAGE_HEAD, Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER)
            if r in roles
        ),
        "",
    )
    note = MonitoringNote.objects.create(
        commune_id=household.commune_id,
        household=household,
        village_id=household.village_id,
        observed_on=observed_on,
        text=text.strip(),
        suspected_breach=suspected_breach,
        author=by,
        author_role=role,
    )
    audit.record(by, note, "monitoring.noted", suspected_breach=suspected_breach)
    if suspected_breach:
        commitment = Commitment.objects.filter(household=household, status="open").order_by("pk").first()
        if commitment is not None:
            team = team_of(household.commune)
            inspection = Inspection.objects.create(
                commitment=commitment,
                household=household,
                village_id=household.village_id,
                kind=Inspection.Kind.ADHOC,
                reason=_("Phản ánh của cộng đồng: %(text)s") % {"text": text.strip()[:200]},
                due_on=observed_on + dt.timedelta(days=ADHOC_DAYS),
                assigned_to=team[household.pk % len(team)] if team else None,
            )
            note.inspection = inspection
            note.save(update_fields=["inspection"])
            audit.record(by, inspection, "inspection.planned", kind="adhoc", reason=inspection.reason)
    return note


# ---- recovery (thu hồi hỗ trợ của hộ) ---------------------------------------------------------------


@transaction.atomic
def propose_recovery(
    commitment: Commitment,
    *,
    by: User,
    line: HandoverLine,
    reason: str,
    quantity=0,
    amount=0,
    inspection=None,
) -> Recovery:
    """Propose recovering goods (up to what is still in use) or money (up to the line's value)."""
    require(by, "recovery.propose", village=commitment.household.village)
    line = HandoverLine.objects.select_for_update().get(pk=line.pk)
    quantity, amount = Decimal(quantity or 0), int(amount or 0)
    if line.household_id != commitment.household_id or line.refused:
        raise FollowUpError(_("Hỗ trợ này không thuộc hộ đang xét."))
    if quantity <= 0 and amount <= 0:
        raise FollowUpError(_("Ghi số lượng hiện vật hoặc số tiền cần thu hồi."))
    if quantity > line.in_use:
        raise FollowUpError(
            _("Không thu hồi %(qty)s %(unit)s được: hộ chỉ còn %(left)s %(unit)s (đã nhận %(delivered)s).")
            % {
                "qty": _q(quantity),
                "unit": line.unit,
                "left": _q(line.in_use),
                "delivered": _q(line.quantity),
            }
        )
    if amount > line.amount:
        raise FollowUpError(
            _("Số tiền thu hồi (%(amount)s đ) lớn hơn giá trị đã hỗ trợ (%(value)s đ).")
            % {"amount": f"{amount:,}".replace(",", "."), "value": f"{line.amount:,}".replace(",", ".")}
        )
    if not reason.strip():
        raise FollowUpError(_("Ghi lý do đề xuất thu hồi."))
    recovery = Recovery.objects.create(
        commitment=commitment,
        household=commitment.household,
        line=line,
        inspection=inspection,
        reason=reason.strip(),
        quantity=quantity,
        amount=amount,
        proposed_by=by,
    )
    audit.record(by, recovery, "recovery.proposed", quantity=_q(quantity), amount=amount, reason=reason)
    return recovery


def _recovery_summary(recovery: Recovery) -> str:
    return _("Về việc thu hồi hỗ trợ của hộ %(name)s") % {"name": recovery.household.head_name}


@transaction.atomic
def decide_recovery(
    recovery: Recovery,
    *,
    by: User,
    approve: bool,
    note: str = "",
    issued_on: dt.date,
    version: int | None = None,
) -> Recovery:
    """The commune leader decides: a numbered decision (quyết định) is issued, or the proposal is refused."""
    _not_future(issued_on, _("Ngày quyết định"))
    recovery = transition(
        recovery,
        Recovery.MOVES,
        "decide" if approve else "reject",
        by=by,
        version=version,
        village=recovery.household.village,
        fields={"decision_note": note},
        data={"note": note},
    )
    if approve:
        recovery = Recovery.objects.select_related(
            "line__handover", "line__item", "commitment__project", "household__village", "inspection"
        ).get(pk=recovery.pk)
        register.issue(
            kind="quyet_dinh",
            target=recovery,
            template=documents.DECISION_TEMPLATE,
            snapshot=documents.recovery_snapshot(recovery),
            summary=_recovery_summary(recovery),
            issued_on=issued_on,
            by=by,
        )
    return recovery


@transaction.atomic
def record_recovery(
    recovery: Recovery, *, by: User, recovered_on: dt.date, version: int | None = None
) -> Recovery:
    """The recovery minutes (biên bản thu hồi): goods leave the household's balance."""
    _not_future(recovered_on, _("Ngày thu hồi"))
    recovery = transition(
        recovery,
        Recovery.MOVES,
        "recover",
        by=by,
        version=version,
        village=recovery.household.village,
        fields={"recovered_on": recovered_on},
    )
    line = HandoverLine.objects.select_for_update().get(pk=recovery.line_id)
    if recovery.quantity > line.in_use:
        raise FollowUpError(
            _("Hộ chỉ còn %(left)s %(unit)s: không thu hồi %(qty)s được.")
            % {"left": _q(line.in_use), "unit": line.unit, "qty": _q(recovery.quantity)}
        )
    if recovery.quantity:
        line.out_recovered += recovery.quantity
        line.save(update_fields=["out_recovered"])
    recovery = Recovery.objects.select_related(
        "line__handover", "line__item", "commitment__project", "household__village", "inspection"
    ).get(pk=recovery.pk)
    register.issue(
        kind="bb_thu_hoi",
        target=recovery,
        template=documents.RECOVERY_TEMPLATE,
        snapshot=documents.recovery_snapshot(recovery),
        summary=_recovery_summary(recovery),
        issued_on=recovered_on,
        by=by,
    )
    commitment = lock(recovery.commitment)
    still = sum(
        (
            x.in_use
            for x in HandoverLine.objects.filter(
                household=commitment.household, handover__project=commitment.project
            )
        ),
        Decimal(0),
    )
    if still <= 0 and commitment.status == Commitment.Status.OPEN:
        close_commitment(commitment, by=by, outcome=Commitment.Outcome.RECOVERED, closed_on=recovered_on)
    return recovery


def is_eligible(household: Household, rule_set) -> bool:
    latest = Classification.objects.filter(household=household).order_by("-year").first()
    return latest is not None and latest.category in (rule_set.eligible_categories or [])


def _pass_on(
    source_line: HandoverLine | None,
    commitment: Commitment,
    *,
    by: User,
    to: Household,
    on: dt.date,
    kind: str,
    quantity: Decimal,
    details: dict,
) -> Handover:
    project = commitment.project
    if to.commune_id != project.commune_id:
        raise FollowUpError(_("Hộ nhận phải thuộc xã của dự án."))
    if to.pk == commitment.household_id:
        raise FollowUpError(_("Hộ nhận phải là hộ khác."))
    if not is_eligible(to, project.rule_set):
        raise FollowUpError(_("Hộ %(name)s không thuộc đối tượng được hỗ trợ.") % {"name": to.head_name})
    if Commitment.objects.filter(household=to, project=project, status="open").exists():
        raise FollowUpError(_("Hộ %(name)s đang có cam kết trong dự án này.") % {"name": to.head_name})
    template_line = (
        source_line
        or commitment.household.handover_lines.filter(handover__project=project, refused=False).first()
    )
    handover = Handover.objects.create(
        project=project,
        kind=kind,
        commune_id=project.commune_id,
        village_id=to.village_id,
        held_on=on,
        place=to.village.name,
        giver_name=_("Hộ %(name)s") % {"name": commitment.household.head_name},
        team_members=by.full_name or by.username,
        created_by=by,
    )
    price = template_line.unit_price if template_line else 0
    HandoverLine.objects.create(
        handover=handover,
        participant=None,
        household=to,
        item=template_line.item,
        came_from=source_line,
        kind=template_line.kind,
        variety=details.get("variety") or template_line.variety,
        quantity=quantity,
        unit=template_line.unit,
        unit_price=price,
        amount=int(quantity * price),
        identifier=details.get("identifier", ""),
        sex=details.get("sex", ""),
        age_months=details.get("age_months"),
        weight_kg=details.get("weight_kg"),
    )
    audit.record(by, handover, "handover.created", kind=kind, to=to.head_name)
    return handover


@transaction.atomic
def settle_recovery(
    recovery: Recovery,
    *,
    by: User,
    outcome: str,
    proceeds: int | None = None,
    reassigned_to: Household | None = None,
    on: dt.date | None = None,
    version: int | None = None,
) -> Recovery:
    """What became of the recovered support: reassigned (a handover for the new household, whose
    commitment opens when its minutes are issued), returned to the budget, or sold with proceeds."""
    if outcome == Recovery.Outcome.SOLD and not proceeds:
        raise FollowUpError(_("Ghi số tiền bán được."))
    if outcome == Recovery.Outcome.REASSIGNED and (reassigned_to is None or recovery.quantity <= 0):
        raise FollowUpError(_("Chọn hộ nhận lại (chỉ giao lại được hiện vật đã thu hồi)."))
    recovery = transition(
        recovery,
        Recovery.MOVES,
        "settle",
        by=by,
        version=version,
        village=recovery.household.village,
        fields={"outcome": outcome, "proceeds": proceeds, "reassigned_to": reassigned_to},
        data={"outcome": outcome, "proceeds": proceeds},
    )
    if outcome == Recovery.Outcome.REASSIGNED:
        _pass_on(
            recovery.line,
            recovery.commitment,
            by=by,
            to=reassigned_to,
            on=on or timezone.localdate(),
            kind=Handover.Kind.REASSIGNMENT,
            quantity=recovery.quantity,
            details={"identifier": recovery.line.identifier},
        )
    return recovery


# ---- rotation (luân chuyển) ---------------------------------------------------------------------


@transaction.atomic
def record_rotation(
    commitment: Commitment,
    *,
    by: User,
    to: Household,
    rotated_on: dt.date,
    from_line: HandoverLine | None = None,
    quantity=1,
    **details,
) -> Rotation:
    """Pass an animal on to the next eligible household: a rotation handover (its own minutes,
    issued next, open that household's commitment). Passing on a delivered animal takes it out of
    this household's balance; offspring (from_line None) was never delivered."""
    require(by, "rotation.record", village=commitment.household.village)
    _not_future(rotated_on, _("Ngày luân chuyển"))
    if commitment.status != Commitment.Status.OPEN:
        raise FollowUpError(_("Cam kết của hộ đã kết thúc."))
    quantity = Decimal(quantity)
    if from_line is not None:
        from_line = HandoverLine.objects.select_for_update().get(
            pk=from_line.pk, household=commitment.household
        )
        if quantity > from_line.in_use:
            raise FollowUpError(
                _("Hộ chỉ còn %(left)s: không luân chuyển %(qty)s được.")
                % {"left": _q(from_line.in_use), "qty": _q(quantity)}
            )
        from_line.out_rotated += quantity
        from_line.save(update_fields=["out_rotated"])
    handover = _pass_on(
        from_line,
        commitment,
        by=by,
        to=to,
        on=rotated_on,
        kind=Handover.Kind.ROTATION,
        quantity=quantity,
        details=details,
    )
    rotation = Rotation.objects.create(
        commitment=commitment,
        from_line=from_line,
        to_household=to,
        handover=handover,
        rotated_on=rotated_on,
        recorded_by=by,
    )
    audit.record(by, commitment, "commitment.rotated", to=to.head_name, on=rotated_on)
    return rotation
