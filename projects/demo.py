"""Demo projects for `manage.py seed_demo`, built through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from giamngheo.models import Commune, User, Village
from households.models import Household
from projects import eligibility, seed, services
from projects.models import BcdDecision, Component, FundingSource

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


def _draft(round_, village: Village, head: User, name: str, households: int):
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
        :households
    ]
    for verdict in picked:
        participant = services.add_participant(project, verdict.household, by=head, version=None)
        services.update_participant(
            participant, by=head, version=None, commitment_signed_on=today - dt.timedelta(days=7)
        )
    project.refresh_from_db()
    return project


def build(commune: Commune, villages: list[Village]) -> None:
    seed.seed_all()
    officer, leader, bcd = _user("canbo.xa"), _user("chutich.xa"), _user("bcd.xa")
    today = timezone.localdate()
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
            "summary": f"Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm {today.year}",
        },
        name=f"Đợt 1 năm {today.year} – hỗ trợ phát triển sản xuất nông nghiệp",
        component=Component.objects.get(code="DA3.TDA1"),
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
