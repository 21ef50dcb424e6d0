"""Report figures on the hand-built world (tests/reports/conftest.py), cell by cell."""

from __future__ import annotations

from decimal import Decimal

from giamngheo.models import Commune
from projects.models import Component, Program
from reports.definitions import PROGRAM_2021, PROGRAM_2026
from reports.exporters import BudgetExporter, ComponentTableExporter
from reports.figures import Period
from reports.models import ReportDefinition
from reports.tables import NOT_AVAILABLE, display_rows


def cells_by_key(table: dict, row_index: int) -> dict:
    return {c["key"]: v for c, v in zip(table["columns"], table["rows"][row_index]["cells"], strict=True)}


def row_named(table: dict, stt: str) -> dict:
    for index, row in enumerate(table["rows"]):
        if row["cells"][0] == stt:
            return cells_by_key(table, index)
    raise AssertionError(f"no row {stt}")


def bieu02(commune, period, program=PROGRAM_2026):
    definition = ReportDefinition.current("bieu-02", program, commune.province_id)
    return ComponentTableExporter(
        Commune.objects.filter(pk=commune.pk), Period(*period), definition=definition
    ).table()


def test_bieu_02_cell_by_cell(world, commune, this_year):
    table = bieu02(commune, this_year)
    for stt in ("A", "1", "1.1"):  # total, ND-SX, its community projects (CD) — the only data
        row = row_named(table, stt)
        assert row["plan_central"] == "500.000"
        assert row["plan_local"] == "100.000"
        assert row["plan_total"] == "600.000"
        assert row["approved_central"] == "120.000"  # P1 + P2; the withdrawn P3 is out
        assert row["approved_local"] == "10.000"
        assert row["approved_total"] == "130.000"
        assert row["paid_central"] == "45.000"  # 30 + 15; P3's 20 left with it
        assert row["paid_local"] == "10.000"
        assert row["paid_total"] == "55.000"  # the counterpart's 5 is not state disbursement
        assert row["rate"] == "42.3"
        assert (row["projects"], row["hh_poor"], row["hh_near_poor"], row["hh_other"]) == (2, 4, 1, 1)
        assert row["escaped"] == 2
        for hooked in ("items_delivered", "inspections", "breaches", "recoveries", "models_effective"):
            assert row[hooked] is None
    other = row_named(table, "1.2")
    assert other["approved_total"] == "0.000" and other["projects"] == 0
    # the 2021–2025 program's own table holds none of this program's money
    old = bieu02(commune, this_year, PROGRAM_2021)
    assert row_named(old, "A")["approved_total"] == "0.000" and row_named(old, "3.1")["projects"] == 0


def test_missing_sources_print_a_dash_not_a_zero(world, commune, this_year):
    table = bieu02(commune, this_year)
    shown = list(display_rows(table))[0]
    keys = [c["key"] for c in table["columns"]]
    assert shown["cells"][keys.index("inspections")].text == NOT_AVAILABLE
    assert shown["cells"][keys.index("rate")].text == "42,3"
    assert shown["cells"][keys.index("approved_total")].text == "130,000"


def test_the_2026_program_has_its_own_definition_from_its_component_tree(world, commune, this_year):
    table = bieu02(commune, this_year, PROGRAM_2026)
    assert [r["cells"][0] for r in table["rows"]] == ["A", "1", "1.1", "1.2", "1.3"]
    labels = [r["cells"][1] for r in table["rows"]]
    assert labels[2] == "Hỗ trợ phát triển sản xuất cộng đồng (dự án do cộng đồng đề xuất)"
    # a component added to the program's tree shows up without touching the definition
    program = Program.objects.get(code=PROGRAM_2026)
    main = Component.objects.get(program=program, code="ND-SX")
    Component.objects.create(program=program, parent=main, code="ND-SX.NS", name="Nước sạch", order=14)
    assert [r["cells"][1] for r in bieu02(commune, this_year, PROGRAM_2026)["rows"]][-1] == "Nước sạch"


def test_a_neighbour_commune_sees_none_of_it(world, other_commune, this_year):
    row = row_named(bieu02(other_commune, this_year), "A")
    assert row["approved_total"] == "0.000" and row["hh_poor"] == 0


def test_budget_exporter_per_project(world, commune, this_year):
    table = BudgetExporter(Commune.objects.filter(pk=commune.pk), Period(*this_year)).table()
    names = [r["cells"][1] for r in table["rows"]]
    assert names[0] == "Tổng cộng"
    assert "Nuôi gà (thu hồi)" not in names and "Trồng rừng (không duyệt)" not in names
    total = cells_by_key(table, 0)
    assert (total["approved_state"], total["paid_state"], total["rate"]) == (130_000_000, 55_000_000, "42.3")
    assert total["approved_counterpart"] == 15_000_000
    p1 = cells_by_key(table, names.index("Nuôi bò thôn Hà Thượng"))
    assert (p1["approved_state"], p1["paid_state"], p1["rate"]) == (70_000_000, 40_000_000, "57.1")
    assert Decimal(cells_by_key(table, names.index("Nuôi dê thôn Hà Thượng"))["rate"]) == Decimal("25.0")
