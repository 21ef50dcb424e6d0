"""Builders for support-project tests. Workflow state is reached through the real services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Category
from projects import seed, services
from projects.models import BcdDecision, Component, FundingSource, Project, RuleSet


@pytest.fixture
def rules(db) -> RuleSet:
    """The default rule set v1 (upper-level approval) in force. The seeded v2 (commune approval,
    Decree 358/2025, from 2026) is set aside here; `commune_rules` puts it in force."""
    seed.seed_all()  # idempotent: a transactional test may have flushed the migration's rows
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=False)
    return RuleSet.objects.get(province__isnull=True, version=1)


@pytest.fixture
def commune_rules(rules) -> RuleSet:
    """The seeded default from 2026: projects created now take the commune approval route."""
    RuleSet.objects.filter(province__isnull=True, version=2).update(is_active=True)
    return RuleSet.objects.get(province__isnull=True, version=2)


@pytest.fixture
def component(rules) -> Component:
    return Component.objects.get(code="ND-SX.CD")  # 2026–2035 program: community production support


@pytest.fixture
def make_round(officer, commune, village_a, village_b, component):
    def make(*, villages=None, envelopes=None, publish=True, **fields):
        today = timezone.localdate()
        values = {
            "name": "Đợt 1 năm 2026 – hỗ trợ phát triển sản xuất",
            "component": component,
            "year": today.year,
            "deadline": today + dt.timedelta(days=30),
        } | fields
        round_ = services.create_round(
            commune,
            by=officer,
            villages=villages or [village_a, village_b],
            envelopes=envelopes or {FundingSource.CENTRAL: 500_000_000, FundingSource.LOCAL: 100_000_000},
            **values,
        )
        if publish:
            round_ = services.publish_round(round_, by=officer)
        return round_

    return make


@pytest.fixture
def open_round(make_round):
    return make_round()


COW = {
    "name": "Bò cái sinh sản",
    "unit": "con",
    "quantity_per_household": 1,
    "unit_price": 20_000_000,
    "source": FundingSource.CENTRAL,
}
COUNTERPART = {
    "name": "Chuồng trại, thức ăn",
    "unit": "hộ",
    "quantity_per_household": 1,
    "unit_price": 5_000_000,
    "source": FundingSource.COUNTERPART,
}


@pytest.fixture
def make_project(open_round, village_head, village_a, make_household):
    """A draft of village A; `ready=True` fills everything the village must submit."""

    def make(*, households=3, ready=True, round_=None, village=None, by=None, categories=None, **fields):
        by = by or village_head
        today = timezone.localdate()
        values = {
            "name": "Nuôi bò cái sinh sản thôn Hà Thượng",
            "model": "Nuôi bò cái sinh sản",
            "place": "Thôn Hà Thượng",
            "duration_months": 24,
            "expected_results": "Mỗi hộ có thêm 1 bê sau 18 tháng.",
        } | fields
        if ready:
            values |= {"meeting_date": today, "meeting_attendees": 30, "meeting_agree_share": 90}
        project = services.create_project(round_ or open_round, by=by, village=village or village_a, **values)
        if ready:
            project = services.add_item(project, by=by, version=None, **COW).project
            services.add_item(project, by=by, version=None, **COUNTERPART)
        for i, category in enumerate((categories or [Category.POOR] * households)[:households]):
            household = make_household(
                village=village or village_a, head_name=f"Hộ thử {i + 1}", category=category
            )
            participant = services.add_participant(project, household, by=by, version=None)
            if ready:
                services.update_participant(participant, by=by, version=None, commitment_signed_on=today)
        project.refresh_from_db()
        return project

    return make


@pytest.fixture
def post(officer):
    """Record a finished public posting for a project."""

    def do(project):
        today = timezone.localdate()
        services.record_posting(
            project,
            by=officer,
            posted_from=today - dt.timedelta(days=8),
            posted_to=today,
            place="Nhà văn hóa thôn",
        )
        project.refresh_from_db()
        return project

    return do


def bcd_fields(conclusion=BcdDecision.Conclusion.AGREE, reasons=""):
    return {
        "conclusion": conclusion,
        "meeting_date": timezone.localdate(),
        "members_present": "Trần Văn Thành – Trưởng ban\nLê Thị Mỹ Lệ – Thành viên\nHoàng Văn Phước – Thành viên",
        "votes_for": 3 if conclusion == BcdDecision.Conclusion.AGREE else 1,
        "votes_against": 0 if conclusion == BcdDecision.Conclusion.AGREE else 2,
        "reasons": reasons,
        "chair": "Trần Văn Thành",
        "secretary": "Nguyễn Thị Thu Hà",
    }


@pytest.fixture
def project_in(make_project, post, village_head, officer, leader, bcd_member):
    """A project of village A brought to `status` through the services."""

    def bring(status: str, **kwargs) -> Project:
        project = make_project(**kwargs)
        if status == Project.Status.DRAFT:
            return project
        project = services.submit_project(project, by=village_head, version=project.version)
        if status == Project.Status.SUBMITTED:
            return project
        if status == Project.Status.RETURNED:
            return services.return_to_village(
                project, by=officer, version=project.version, reasons="Thiếu biên bản"
            )
        project = post(project)
        project = services.send_to_bcd(project, by=officer, version=project.version)
        if status == Project.Status.BCD_REVIEW:
            return project
        if status == Project.Status.REJECTED:
            services.record_bcd_decision(
                project, by=bcd_member, version=project.version, **bcd_fields("reject", "Không hiệu quả")
            )
            return Project.objects.get(pk=project.pk)
        services.record_bcd_decision(project, by=bcd_member, version=project.version, **bcd_fields())
        project = Project.objects.get(pk=project.pk)
        if status == Project.Status.AGREED:
            return project
        project = services.submit_upward(
            project, by=officer, version=project.version, submission_date=timezone.localdate()
        )
        if status == Project.Status.SUBMITTED_UPWARD:
            return project
        approved = status != Project.Status.REFUSED
        project = services.record_upper_decision(
            project,
            by=officer,
            version=project.version,
            approved=approved,
            decision_number="125/QĐ-UBND",
            decision_date=timezone.localdate(),
            issuer="UBND thành phố Huế",
            amounts={FundingSource.CENTRAL: 60_000_000},
            reason="" if approved else "Hết vốn",
        )
        if status in (Project.Status.APPROVED, Project.Status.REFUSED):
            return project
        project = services.start_implementation(project, by=officer, version=project.version)
        if status == Project.Status.IMPLEMENTING:
            return project
        return services.withdraw_project(
            project,
            by=leader,
            version=project.version,
            reason="Hộ bán bò",
            decision_number="15/QĐ-UBND",
            decision_date=timezone.localdate(),
        )

    return bring
