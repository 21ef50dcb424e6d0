"""Demo follow-up for `manage.py seed_demo`, built through the real services: the approved project
of Hà Thượng fully handed over (issued minutes, one refused line), inspections done and due (some
overdue), one breach that led to a recovery decision, one rotation coming due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from giamngheo.models import Commune, User
from inspections import services
from inspections.models import Commitment, HandoverLine
from projects.models import Project

HANDED_OVER_DAYS_AGO = 200


def _user(username: str) -> User:
    return User.objects.get(username=username)


def build(commune: Commune) -> None:
    officer, leader = _user("canbo.xa"), _user("chutich.xa")
    today = timezone.localdate()
    held_on = today - dt.timedelta(days=HANDED_OVER_DAYS_AGO)
    project = Project.objects.filter(commune=commune, status=Project.Status.APPROVED).order_by("pk").first()
    if project is None:
        return
    # The demo project was approved "today"; date its decision before the handover it enables.
    Project.objects.filter(pk=project.pk).update(decision_date=held_on - dt.timedelta(days=20))
    project.refresh_from_db()
    supplier = services.create_supplier(
        commune,
        by=officer,
        name="Hợp tác xã Dịch vụ nông nghiệp Phú Vinh",
        tax_code="3301556677",
        address="Thôn Hà Thượng, xã Phú Vinh",
        representative="Trần Văn Bảo",
        representative_title="Giám đốc",
        contract_number="08/2026/HĐ-HTX",
        contract_date=held_on - dt.timedelta(days=10),
        contract_value=120_000_000,
    )
    handover = services.create_handover(
        project,
        by=officer,
        held_on=held_on,
        place="Nhà văn hóa thôn Hà Thượng",
        supplier=supplier,
        team_members="Nguyễn Thị Thu Hà – Cán bộ UBND xã\nLê Văn Thú – Cán bộ thú y xã",
        witnesses="Phan Văn Lợi – Trưởng thôn Hà Thượng\nHoàng Văn Phước – Chủ tịch UBMTTQ xã",
        condition="Bò khỏe mạnh, đã tiêm phòng lở mồm long móng, có giấy kiểm dịch.",
    )
    cow, feed = project.items.order_by("pk")[:2]
    participants = list(project.participants.select_related("household").order_by("pk"))
    services.add_line(
        handover,
        by=officer,
        participant=participants[0],
        item=cow,
        quantity=Decimal(1),
        variety="Bò lai Zebu",
        identifier="PV-100",
        weight_kg=Decimal(142),
        refused=True,
        refusal_reason="Không đủ trọng lượng (142 kg)",
    )
    for n, participant in enumerate(participants, start=1):
        services.add_line(
            handover,
            by=officer,
            participant=participant,
            item=cow,
            quantity=Decimal(1),
            variety="Bò lai Zebu",
            identifier=f"PV-{n:03d}",
            sex="female",
            age_months=16 + n % 3,
            weight_kg=Decimal(170 + 3 * n),
            vaccination="LMLM, tụ huyết trùng",
            quarantine_paper=f"KD-{200 + n}",
        )
        services.add_line(
            handover, by=officer, participant=participant, item=feed, quantity=Decimal(1), kind="feed"
        )
    services.issue_handover_minutes(handover, by=officer, issued_on=held_on)

    commitments = list(Commitment.objects.filter(project=project).select_related("household").order_by("pk"))
    breach = commitments[2] if len(commitments) > 2 else commitments[-1]
    for commitment in commitments:
        first = commitment.inspections.order_by("due_on").first()
        lines = HandoverLine.objects.filter(household=commitment.household, refused=False)
        sold = commitment is breach
        services.record_inspection(
            first,
            by=officer,
            done_on=first.due_on + dt.timedelta(days=3),
            result="khong_dat" if sold else "dat",
            item_statuses={
                line.pk: ("sold" if sold and line.item_id == cow.pk else "healthy", "") for line in lines
            },
            clauses_kept=[not (sold and n == 3) for n in range(len(commitment.clauses))],
            inspectors="Nguyễn Thị Thu Hà – Cán bộ UBND xã\nLê Văn Thú – Cán bộ thú y",
            member_present=commitment.household.head_name,
            findings="Hộ đã bán bò khi chưa hết thời hạn cam kết."
            if sold
            else "Bò khỏe, chuồng trại sạch, có trồng cỏ.",
            shed_condition="Chuồng kiên cố",
            guidance_followed=not sold,
            recommendations="Đề xuất thu hồi giá trị hỗ trợ." if sold else "",
        )
    line = HandoverLine.objects.get(household=breach.household, item=cow, refused=False)
    recovery = services.propose_recovery(
        breach,
        by=officer,
        line=line,
        amount=line.amount,
        reason="Hộ bán bò được hỗ trợ trái cam kết (điều 4).",
        inspection=breach.inspections.filter(status="done").first(),
    )
    services.decide_recovery(
        recovery, by=leader, approve=True, note="Hộ hoàn trả giá trị con giống.", issued_on=today
    )
    # One household is as far as its rotation: its first calf is due to pass on in ten days.
    Commitment.objects.filter(pk=commitments[0].pk).update(rotation_due_on=today + dt.timedelta(days=10))
