"""A meeting of the BCĐ: it considers one or more projects, moves each one through the workflow
(`bcd_agree` / `bcd_return` / `bcd_reject`) and issues ONE minutes with one BB-BCĐ number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.documents import register
from giamngheo.documents.models import Signatory
from giamngheo.models import Commune, User
from projects import snapshots
from projects.event_labels import document as document_ref
from projects.models import BcdDecision, BcdMeeting, Event, Project

MINUTES_TEMPLATE = "reports/pdf/bcd_minutes.html"

CONCLUSION_MOVES = {
    BcdDecision.Conclusion.AGREE: "bcd_agree",
    BcdDecision.Conclusion.RETURN: "bcd_return",
    BcdDecision.Conclusion.REJECT: "bcd_reject",
}


@dataclass(frozen=True)
class Conclusion:
    """What the meeting concluded on one project (with the version the user saw)."""

    project: Project
    conclusion: str
    votes_for: int
    votes_against: int = 0
    reasons: str = ""
    version: int | None = None


@register.printed_in_vietnamese
def minutes_summary(meeting: BcdMeeting) -> str:
    names = [d.project.name for d in meeting.decisions.select_related("project")]
    summary = _("Họp xem xét dự án hỗ trợ phát triển sản xuất: %(names)s") % {"names": "; ".join(names)}
    return summary[:480]


@register.builder("bb_bcd", action="project.bcd_decide")
def _rebuild_minutes(meeting: BcdMeeting, key: str) -> dict:
    return snapshots.minutes(meeting)


@transaction.atomic
def record_bcd_meeting(
    commune: Commune,
    *,
    by: User,
    date: dt.date,
    conclusions: list[Conclusion],
    members_total: int,
    members_present: int,
    attendees: str,
    chair: str,
    secretary: str,
    place: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    signatory: Signatory | None = None,
) -> BcdMeeting:
    """Record the meeting, move every project it concluded on, issue its one minutes."""
    from projects.services import WorkflowError, _move

    if not conclusions:
        raise WorkflowError(_("Chọn ít nhất một dự án cuộc họp đã xem xét."))
    if not access.can(by, "project.bcd_decide", commune=commune):
        raise WorkflowError(_("Bạn không có quyền thực hiện bước này."))
    if members_present > members_total:
        raise WorkflowError(
            _("Số thành viên có mặt (%(present)s) nhiều hơn tổng số thành viên BCĐ (%(total)s).")
            % {"present": members_present, "total": members_total}
        )
    if start_time and end_time and end_time <= start_time:
        raise WorkflowError(_("Giờ kết thúc phải sau giờ bắt đầu cuộc họp."))
    seen: set[int] = set()
    for c in conclusions:
        if c.project.commune_id != commune.pk:
            raise WorkflowError(_("Dự án %(name)s không thuộc xã này.") % {"name": c.project.name})
        if c.project.pk in seen:
            raise WorkflowError(_("Dự án %(name)s được chọn hai lần.") % {"name": c.project.name})
        seen.add(c.project.pk)
        if c.conclusion != BcdDecision.Conclusion.AGREE and not c.reasons.strip():
            raise WorkflowError(
                _("Cần ghi rõ lý do khi BCĐ trả lại hoặc không đồng ý dự án %(name)s.")
                % {"name": c.project.name}
            )
        if c.votes_for + c.votes_against > members_present:
            raise WorkflowError(
                _("Dự án %(name)s: tổng số phiếu (%(votes)s) nhiều hơn số thành viên có mặt (%(present)s).")
                % {"name": c.project.name, "votes": c.votes_for + c.votes_against, "present": members_present}
            )
        if c.conclusion == BcdDecision.Conclusion.AGREE and c.votes_for * 2 <= members_present:
            raise WorkflowError(
                _("Dự án %(name)s: kết luận đồng ý cần quá nửa số thành viên có mặt đồng ý.")
                % {"name": c.project.name}
            )
    meeting = BcdMeeting.objects.create(
        commune=commune,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        members_total=members_total,
        members_present=members_present,
        attendees=attendees,
        chair=chair,
        secretary=secretary,
        recorded_by=by,
    )
    # The timeline names the minutes; its number is known once the minutes is issued below.
    placeholder = _("Biên bản họp BCĐ ngày %(date)s (đang ban hành)") % {"date": f"{date:%d/%m/%Y}"}
    for c in sorted(conclusions, key=lambda c: c.project.pk):  # lock projects in one order
        project = _move(
            c.project,
            CONCLUSION_MOVES[c.conclusion],
            by=by,
            version=c.version,
            comment=c.reasons,
            document=placeholder,
        )
        BcdDecision.objects.create(
            project=project,
            meeting=meeting,
            meeting_date=date,
            members_present=attendees,
            votes_for=c.votes_for,
            votes_against=c.votes_against,
            conclusion=c.conclusion,
            reasons=c.reasons,
            place=place,
            chair=chair,
            secretary=secretary,
            recorded_by=by,
        )
    try:
        doc = register.issue(
            kind="bb_bcd",
            target=meeting,
            template=MINUTES_TEMPLATE,
            snapshot=snapshots.minutes(meeting),
            summary=minutes_summary(meeting),
            issued_on=date,
            by=by,
            signatory=signatory,
        )
    except register.DocumentError as e:
        raise WorkflowError(str(e)) from e
    meeting.number = doc.number
    meeting.save(update_fields=["number"])
    # The timeline cites the minutes by its number, known now that it is issued.
    Event.objects.filter(project_id__in=seen, document=placeholder).update(
        document="",
        params={"doc": document_ref("bcd_minutes", number=doc.number, date=f"{date:%d/%m/%Y}")},
    )
    BcdDecision.objects.filter(meeting=meeting).update(minutes_number=doc.number)
    audit.record(by, meeting, "project.bcd_meeting", number=doc.number, projects=sorted(seen))
    return meeting
