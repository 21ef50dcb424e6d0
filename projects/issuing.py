"""The project documents that are issued records, issued inside the service that records the step:

- đơn đề nghị và phương án (de_xuat, the village's, unnumbered) when the village submits — a
  resubmission after a return replaces the one sent before;
- biên bản niêm yết (bb_niem_yet, the village's, unnumbered: it uses none of the UBND's numbers)
  when the posting is recorded;
- tờ trình (to_trinh, TTr-UBND) when the submission upward is recorded;
- biên bản họp BCĐ (bb_bcd, BB-BCĐ) when the meeting is recorded (projects/meetings.py).

The household's commitment is not issued: the household signs the printed form, and the signed
scan is what the file keeps (its printout still comes from a snapshot, projects.snapshots.commitment).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo.documents import register
from giamngheo.documents.models import Signatory
from giamngheo.models import User
from giamngheo.text import place_in_text
from projects import snapshots
from projects.models import Posting, Project

PROPOSAL_TEMPLATE = "reports/pdf/project_proposal.html"
SUBMISSION_TEMPLATE = "reports/pdf/submission.html"
POSTING_TEMPLATE = "reports/pdf/posting_minutes.html"


class IssueRefused(Exception):
    """Issuing refused before anything was written (the message says what to fix)."""


@register.builder("de_xuat", action="project.propose")
def _rebuild_proposal(project: Project, key: str) -> dict:
    return snapshots.proposal(project)


@register.builder("to_trinh", action="project.submit_upward")
def _rebuild_submission(project: Project, key: str) -> dict:
    if not project.commune.reports_to_name.strip():
        raise register.DocumentError(reports_to_missing())
    return snapshots.submission(project)


@register.builder("bb_niem_yet", action="project.posting")
def _rebuild_posting(posting: Posting, key: str) -> dict:
    return snapshots.posting_minutes(posting)


def reports_to_missing() -> str:
    return _(
        "Chưa có tên cơ quan cấp trên nhận tờ trình (mục “Kính gửi”). "
        "Hãy ghi tên cơ quan đó trong Cài đặt của xã rồi ban hành lại."
    )


@register.printed_in_vietnamese
def proposal_summary(project: Project) -> str:
    return _("Đề nghị hỗ trợ dự án %(name)s") % {"name": project.name}


@register.printed_in_vietnamese
def submission_summary(project: Project) -> str:
    return _("Về việc đề nghị phê duyệt dự án hỗ trợ phát triển sản xuất cộng đồng %(name)s") % {
        "name": project.name
    }


@register.printed_in_vietnamese
def posting_summary(posting: Posting) -> str:
    if posting.purpose == Posting.Purpose.RESULTS:
        return _("Niêm yết công khai kết quả thẩm định dự án %(name)s") % {"name": posting.project.name}
    return _("Niêm yết công khai danh sách hộ tham gia dự án %(name)s") % {"name": posting.project.name}


@register.printed_in_vietnamese
def submission_recipients(project: Project) -> list[str]:
    return [
        _("Như trên"),
        _("Thường trực Ban Chỉ đạo giảm nghèo xã"),
        _("Trưởng %(village)s") % {"village": place_in_text(project.village.name)},
    ]


def issue_proposal(project: Project, *, by: User, on: dt.date | None = None):
    """The village's proposal as sent; a resubmission replaces the one sent before."""
    on = on or timezone.localdate()
    snapshot = snapshots.proposal(project, on=on)
    standing = register.current_for(project, "de_xuat").first()
    if standing:
        return register.replace(
            standing,
            snapshot=snapshot,
            reason=_("Thôn gửi lại hồ sơ sau khi bổ sung, chỉnh sửa."),
            issued_on=max(on, standing.issued_on),
            by=by,
            summary=proposal_summary(project),
        )
    return register.issue(
        kind="de_xuat",
        target=project,
        template=PROPOSAL_TEMPLATE,
        snapshot=snapshot,
        summary=proposal_summary(project),
        issued_on=on,
        by=by,
        recipients=[],
    )


def issue_submission(project: Project, *, by: User, issued_on: dt.date, signatory: Signatory | None = None):
    if not project.commune.reports_to_name.strip():
        raise IssueRefused(reports_to_missing())
    return register.issue(
        kind="to_trinh",
        target=project,
        template=SUBMISSION_TEMPLATE,
        snapshot=snapshots.submission(project, on=issued_on),
        summary=submission_summary(project),
        issued_on=issued_on,
        by=by,
        signatory=signatory,
        recipients=submission_recipients(project),
    )


def issue_posting_minutes(posting: Posting, *, by: User):
    on = min(posting.posted_to, timezone.localdate())
    return register.issue(
        kind="bb_niem_yet",
        target=posting,
        template=POSTING_TEMPLATE,
        snapshot=snapshots.posting_minutes(posting, on=on),
        summary=posting_summary(posting),
        issued_on=on,
        by=by,
    )
