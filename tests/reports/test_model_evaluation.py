"""Evaluation of models: per model type and year, households supported and how many escaped."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from giamngheo.models import Commune
from reports.exporters import ModelEvaluationExporter
from reports.figures import Period
from tests.reports.test_exporters import cells_by_key


def test_figures_per_model_and_year(world, commune, this_year):
    table = ModelEvaluationExporter(Commune.objects.filter(pk=commune.pk), Period(*this_year)).table()
    labels = [r["cells"][1] for r in table["rows"]]
    year = this_year[1].year
    assert labels == ["Tổng cộng", "Nuôi bò cái sinh sản", f"Năm {year}", "Nuôi dê sinh sản", f"Năm {year}"]
    keys = ("projects", "households", "poor_like", "escaped", "escape_rate", "approved_state", "breaches")
    expected = {
        0: (2, 6, 5, 2, "40.0", 130_000_000, None),  # the withdrawn and the refused projects are out
        1: (1, 3, 3, 1, "33.3", 70_000_000, None),  # P1: 3 poor, the first escaped
        3: (1, 3, 2, 1, "50.0", 60_000_000, None),  # P2: poor → near-poor escaped; near-poor stayed
    }
    for index, values in expected.items():
        row = cells_by_key(table, index)
        assert tuple(row[k] for k in keys) == values, labels[index]


def test_page_and_excel(client, world, officer):
    client.force_login(officer)
    page = client.get(reverse("reports:model_evaluation")).content.decode()
    assert "Nuôi dê sinh sản" in page and "40,0" in page and "—" in page
    ws = load_workbook(
        io.BytesIO(client.get(reverse("reports:model_evaluation") + "?format=xlsx").content)
    ).active
    assert ws["B8"].value == "Tổng cộng" and ws["C8"].value.startswith("=SUM(")
    assert ws["G8"].value == '=IF(N(E8)=0,"",ROUND(F8/E8*100,1))'


def test_scoped(client, world, other_officer):
    client.force_login(other_officer)
    assert "Nuôi dê" not in client.get(reverse("reports:model_evaluation")).content.decode()
