"""Builders for follow-up tests: an approved project of village A, handed over through the services."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from inspections import services
from inspections.models import Commitment, Handover
from projects.models import Project
from tests.projects import conftest as projects_fixtures

# The projects tests' builders, shared: a project reaches "approved" through the real workflow.
rules = projects_fixtures.rules
component = projects_fixtures.component
make_round = projects_fixtures.make_round
open_round = projects_fixtures.open_round
make_project = projects_fixtures.make_project
post = projects_fixtures.post
project_in = projects_fixtures.project_in


def text_of(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace as one space (table cells wrap words)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def jpeg(size=(2400, 1800), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (120, 160, 90))
    image.save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


@pytest.fixture
def approved(project_in) -> Project:
    """Approved project of village A: 3 households, 1 cow each (20 000 000 đ) and a counterpart item."""
    project = project_in(Project.Status.APPROVED)
    project.decision_date = timezone.localdate() - dt.timedelta(days=200)
    project.save(update_fields=["decision_date"])
    return project


@pytest.fixture
def supplier(commune, officer):
    return services.create_supplier(
        commune,
        by=officer,
        name="Hợp tác xã Chăn nuôi Phú Vinh",
        tax_code="3301234567",
        address="Thôn Hà Thượng",
        representative="Trần Văn Bò",
        representative_title="Giám đốc",
    )


@pytest.fixture
def cow(approved):
    return approved.items.get(name="Bò cái sinh sản")


@pytest.fixture
def make_handover(approved, supplier, officer):
    def make(*, held_on=None, project=None, **fields) -> Handover:
        values = {
            "held_on": held_on or timezone.localdate() - dt.timedelta(days=120),
            "place": "Nhà văn hóa thôn Hà Thượng",
            "supplier": supplier,
            "team_members": "Nguyễn Thị Thu Hà – Cán bộ UBND xã\nLê Văn Thú – Cán bộ thú y",
            "witnesses": "Phan Văn Lợi – Trưởng thôn",
        } | fields
        return services.create_handover(project or approved, by=officer, **values)

    return make


@pytest.fixture
def handed_over(approved, make_handover, officer, cow):
    """Every household got its cow (one refused first, then delivered); minutes issued."""
    handover = make_handover()
    participants = list(approved.participants.select_related("household").order_by("pk"))
    services.add_line(
        handover,
        by=officer,
        participant=participants[0],
        item=cow,
        quantity=Decimal(1),
        refused=True,
        refusal_reason="Chưa có giấy kiểm dịch",
        identifier="PV-000",
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
            age_months=18,
            weight_kg=Decimal("185.5"),
            vaccination="LMLM 10/2026",
            quarantine_paper="KD-15",
        )
    return services.issue_handover_minutes(handover, by=officer)


@pytest.fixture
def commitment(handed_over) -> Commitment:
    return Commitment.objects.filter(project=handed_over.project).order_by("pk").first()
