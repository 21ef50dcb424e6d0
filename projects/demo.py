"""Demo projects for `manage.py seed_demo`, built through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from giamngheo.models import Commune, User, Village
from households.models import Household
from projects import eligibility, seed, services, services_life
from projects.models import BcdDecision, Component, FundingSource, RuleSet

ITEMS = [
    {
        "name": "Bò cái sinh sản (lai Zebu, ≥ 160 kg)",
        "unit": "con",
        "quantity_per_household": 1,
        "unit_price": 18_000_000,
        "source": FundingSource.CENTRAL,
    },
    {
        "name": "Thức ăn tinh, vắc-xin",
        "unit": "hộ",
        "quantity_per_household": 1,
        "unit_price": 2_000_000,
        "source": FundingSource.LOCAL,
    },
    {
        "name": "Làm chuồng, trồng cỏ",
        "unit": "hộ",
        "quantity_per_household": 1,
        "unit_price": 5_000_000,
        "source": FundingSource.COUNTERPART,
    },
]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _draft(round_, village: Village, head: User, name: str, households: int, skip: int = 0):
    today = timezone.localdate()
    project = services.create_project(
        round_,
        by=head,
        village=village,
        name=name,
        model="Nuôi bò cái sinh sản",
        place=village.name,
        duration_months=24,
        expected_results="Sau 18 tháng mỗi hộ có thêm 1 bê; bê cái đầu tiên luân chuyển cho hộ nghèo kế tiếp.",
        meeting_date=today - dt.timedelta(days=10),
        meeting_attendees=35,
        meeting_agree_share=91,
    )
    for item in ITEMS:
        services.add_item(project, by=head, version=None, **item)
    pool = Household.objects.filter(village=village, status=Household.Status.ACTIVE).order_by("code")
    picked = [v for v in eligibility.candidates(project, pool) if v.is_beneficiary and not v.blocked][
        skip : skip + households
    ]
    for verdict in picked:
        participant = services.add_participant(project, verdict.household, by=head, version=None)
        services.update_participant(
            participant, by=head, version=None, commitment_signed_on=today - dt.timedelta(days=7)
        )
    project.refresh_from_db()
    return project


def _province_rules(commune: Commune, version: int, route: str, valid_from: dt.date) -> RuleSet:
    """The province's own rule set: Huế kept upper-level approval early in 2026, then moved to
    commune approval under Decree 358/2025 (projects created before keep their route)."""
    default = RuleSet.objects.get(province__isnull=True, version=1)
    rules, _ = RuleSet.objects.get_or_create(
        province=commune.province,
        version=version,
        defaults={
            "name": "Quy định hỗ trợ phát triển sản xuất của tỉnh"
            + (
                " — xã phê duyệt (Nghị định 358/2025/NĐ-CP)"
                if route == "commune"
                else " — cấp trên phê duyệt"
            ),
            "valid_from": valid_from,
            "approval_route": route,
            "approving_body": "Ủy ban nhân dân xã" if route == "commune" else "",
            "checklist": seed.DEFAULT_CHECKLIST_2026 if route == "commune" else default.checklist,
            **{
                field: getattr(default, field)
                for field in (
                    "eligible_categories",
                    "priority_categories",
                    "min_beneficiary_share",
                    "priority_share",
                    "min_counterpart_share",
                    "ceiling_per_household",
                    "ceiling_per_project",
                    "newly_escaped_months",
                    "posting_days",
                    "rotation_months",
                    "rotation_rule",
                    "commitment_clauses",
                )
            },
        },
    )
    return rules


def build(commune: Commune, villages: list[Village]) -> None:
    seed.seed_all()
    officer, leader, bcd = _user("canbo.xa"), _user("chutich.xa"), _user("bcd.xa")
    today = timezone.localdate()
    _province_rules(commune, 1, "upper", dt.date(today.year, 1, 1))
    round_ = services.create_round(
        commune,
        by=officer,
        villages=villages[:3],
        envelopes={
            FundingSource.CENTRAL: 400_000_000,
            FundingSource.LOCAL: 60_000_000,
            FundingSource.COUNTERPART: 120_000_000,
        },
        new_plan={
            "number": "45/KH-UBND",
            "issued_on": dt.date(today.year, 1, 10),
            "issuer": "UBND thành phố Huế",
            "summary": f"Kế hoạch thực hiện Chương trình MTQG giai đoạn 2026–2035 năm {today.year}",
        },
        name=f"Đợt 1 năm {today.year} – hỗ trợ phát triển sản xuất nông nghiệp",
        component=Component.objects.get(code="ND-SX.CD"),
        year=today.year,
        deadline=today + dt.timedelta(days=30),
        bcd_direction_date=today - dt.timedelta(days=30),
        bcd_direction="Ưu tiên hộ nghèo, hộ có phụ nữ làm chủ hộ, hộ dân tộc thiểu số; bò giống phải tiêm phòng đủ.",
    )
    round_ = services.publish_round(round_, by=officer)

    approved = _draft(
        round_, villages[0], _user("truongthon.hathuong"), "Nuôi bò cái sinh sản thôn Hà Thượng", 6
    )
    approved = services.submit_project(approved, by=_user("truongthon.hathuong"), version=None)
    services.record_posting(
        approved,
        by=officer,
        posted_from=today - dt.timedelta(days=9),
        posted_to=today - dt.timedelta(days=2),
        place="Nhà văn hóa thôn Hà Thượng",
    )
    approved = services.send_to_bcd(approved, by=officer, version=None)
    services.record_bcd_decision(
        approved,
        by=bcd,
        version=None,
        conclusion=BcdDecision.Conclusion.AGREE,
        meeting_date=today - dt.timedelta(days=1),
        members_present="Trần Văn Thành – Chủ tịch UBND xã, Trưởng ban\nLê Thị Mỹ Lệ – Thành viên\nHoàng Văn Phước – Chủ tịch UBMTTQ xã",
        votes_for=3,
        members_total=9,
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 30),
        place="Hội trường UBND xã",
        chair="Trần Văn Thành",
        secretary="Nguyễn Thị Thu Hà",
    )
    approved = services.submit_upward(approved, by=officer, version=None, submission_date=today)
    verdict = eligibility.assess(approved)
    services.record_upper_decision(
        approved,
        by=leader,
        version=None,
        approved=True,
        decision_number="215/QĐ-SNNMT",
        decision_date=today,
        issuer=commune.reports_to_name or "Sở Nông nghiệp và Môi trường",
        amounts=verdict.budget,
    )

    waiting = _draft(round_, villages[1], _user("truongthon.hatru"), "Nuôi bò cái sinh sản thôn Hà Trữ", 4)
    waiting = services.submit_project(waiting, by=_user("truongthon.hatru"), version=None)
    services.record_posting(
        waiting,
        by=officer,
        posted_from=today - dt.timedelta(days=8),
        posted_to=today - dt.timedelta(days=1),
        place="Nhà văn hóa thôn Hà Trữ",
    )
    services.send_to_bcd(waiting, by=officer, version=None)
    approved = services.start_implementation(approved, by=officer, version=None)
    # One household moved away: the adjustment decision replaces it and shortens nothing else.
    leaving = approved.participants.order_by("-pk").first()
    taken = set(approved.participants.values_list("household_id", flat=True))
    newcomer = next(
        v.household
        for v in eligibility.candidates(
            approved,
            Household.objects.filter(village=villages[0], status=Household.Status.ACTIVE).order_by("-code"),
        )
        if v.is_beneficiary and not v.blocked and v.household.pk not in taken
    )
    services_life.adjust_project(
        approved,
        by=officer,
        version=None,
        decision_number="31/QĐ-UBND",
        decision_date=today,
        reason=f"Hộ {leaving.household.head_name} chuyển đến địa phương khác; thay bằng hộ {newcomer.head_name}.",
        duration_months=approved.duration_months,
        shares={leaving.pk: 0},
        add_household=newcomer,
    )

    _commune_route(commune, villages, officer=officer, leader=leader, bcd=bcd)


def _commune_route(commune: Commune, villages: list[Village], *, officer, leader, bcd) -> None:
    """A second round under the province's commune-approval rules (Decree 358/2025): a call
    for proposals, an evaluation council, one project approved by the commune's decision, one
    before the council, a draft and a cancelled draft."""
    today = timezone.localdate()
    _province_rules(commune, 2, "commune", today - dt.timedelta(days=40))
    round_ = services.create_round(
        commune,
        by=officer,
        villages=villages[:3],
        envelopes={FundingSource.CENTRAL: 300_000_000, FundingSource.LOCAL: 40_000_000},
        name=f"Đợt 2 năm {today.year} – dự án cộng đồng do xã phê duyệt",
        component=Component.objects.get(code="ND-SX.CD"),
        year=today.year,
        deadline=today + dt.timedelta(days=20),
    )
    round_ = services.publish_round(round_, by=officer)
    services_life.issue_call(round_, by=officer, issued_on=today - dt.timedelta(days=30))
    services_life.save_council(
        round_,
        by=officer,
        name="Hội đồng thẩm định dự án hỗ trợ phát triển sản xuất cộng đồng xã",
        established_by=f"Quyết định số 88/QĐ-UBND ngày {today - dt.timedelta(days=35):%d/%m/%Y}",
        chair="Trần Văn Thành – Chủ tịch UBND xã",
        secretary="Nguyễn Thị Thu Hà – Công chức văn hóa – xã hội",
        members="Trần Văn Thành – Chủ tịch UBND xã\nLê Thị Mỹ Lệ – Phó Chủ tịch UBND xã\n"
        "Hoàng Văn Phước – Chủ tịch UBMTTQ xã\nNguyễn Thị Thu Hà – Công chức văn hóa – xã hội",
    )
    head_a, head_b = _user("truongthon.hathuong"), _user("truongthon.hatru")
    approved = _draft(round_, villages[0], head_a, "Nuôi dê sinh sản thôn Hà Thượng", 5, skip=6)
    approved = services.submit_project(approved, by=head_a, version=None)
    approved = services_life.send_to_council(approved, by=officer, version=None)
    services_life.record_council_review(
        approved,
        by=officer,
        version=None,
        conclusion="pass",
        meeting_date=today - dt.timedelta(days=12),
        members_present="Trần Văn Thành\nLê Thị Mỹ Lệ\nHoàng Văn Phước\nNguyễn Thị Thu Hà",
        score=86,
        opinions="Phương án khả thi, đủ hồ sơ; đề nghị tập huấn kỹ thuật nuôi dê trước khi bàn giao.",
    )
    services.record_posting(
        approved,
        by=officer,
        posted_from=today - dt.timedelta(days=10),
        posted_to=today - dt.timedelta(days=2),
        place="Nhà văn hóa thôn Hà Thượng và trụ sở UBND xã",
    )
    approved.refresh_from_db()
    services_life.commune_approve(
        approved,
        by=leader,
        version=None,
        decision_date=today,
        amounts=eligibility.assess(approved).budget,
    )

    waiting = _draft(round_, villages[1], head_b, "Trồng rau an toàn thôn Hà Trữ", 4, skip=4)
    waiting = services.submit_project(waiting, by=head_b, version=None)
    services_life.send_to_council(waiting, by=officer, version=None)

    _draft(round_, villages[0], head_a, "Nuôi gà thả vườn thôn Hà Thượng", 3, skip=11)
    dropped = _draft(round_, villages[1], head_b, "Nuôi lợn thôn Hà Trữ (bỏ)", 2)
    services_life.cancel_project(dropped, by=head_b, version=None, comment="Tổ cộng đồng chọn mô hình khác.")
