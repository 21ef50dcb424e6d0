"""Each report is one small exporter: it reads its figures once and yields its rows once.

Shared code renders what `table()` returns: the screen (templates/reports/_table.html), the
xlsx (reports.xlsx.write_xlsx) and the PDF (templates/reports/pdf/table.html). Exporters
receive the communes in the user's scope and never query outside them.

    exporter = EXPORTERS["bieu-02"](communes, period, definition=definition)
    table = exporter.table()
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import Category  # noqa: F401  (measure labels name its categories)
from projects.models import BudgetLine, Component, Disbursement, FundingSource, Participant, Project
from reports import figures
from reports.figures import APPROVED_STATES, Period
from reports.tables import Row, Unit, build_table

C = FundingSource


class Exporter:
    slug: str
    title: str = ""

    def __init__(self, communes, period: Period, definition=None):
        self.communes = communes
        self.commune_ids = (
            list(communes.values_list("pk", flat=True)) if hasattr(communes, "values_list") else communes
        )
        self.period = period
        self.definition = definition

    def columns(self) -> list[dict]:
        return list(self.definition.columns)

    def unit(self) -> Unit:
        d = self.definition
        return Unit(d.unit_label, d.unit_divisor, d.unit_decimals)

    def rows(self) -> Iterator[Row]:
        raise NotImplementedError

    def subtitle(self) -> str:
        return _("Từ ngày %(start)s đến ngày %(end)s") % {
            "start": self.period.start.strftime("%d/%m/%Y"),
            "end": self.period.end.strftime("%d/%m/%Y"),
        }

    def table(self) -> dict:
        d = self.definition
        return build_table(
            title=d.title if d else str(self.title),
            subtitle=self.subtitle(),
            form_label=d.form_label if d else "",
            columns=self.columns(),
            rows=self.rows(),
            unit=self.unit(),
            note=(_("Mẫu tham khảo") + ": " + d.name) if d and d.is_reference else "",
        )


# ---- the disbursement report (moved from projects/documents.py) ---------------------------------


class BudgetExporter(Exporter):
    """Approved budget and disbursement (giải ngân) per component and project, state money by
    source; the household counterpart stands apart and is never counted as disbursed."""

    slug = "giai-ngan"
    title = gettext_lazy("Kinh phí được duyệt và giải ngân")

    def columns(self) -> list[dict]:
        return [
            {"key": "stt", "label": _("STT"), "kind": "stt"},
            {"key": "name", "label": _("Nội dung"), "kind": "label"},
            {"key": "village", "label": _("Thôn"), "kind": "text"},
            {"key": "approved_central", "label": "NSTW", "group": _("Được duyệt"), "kind": "money"},
            {"key": "approved_local", "label": "NSĐP", "group": _("Được duyệt"), "kind": "money"},
            {
                "key": "approved_state",
                "label": _("Tổng"),
                "group": _("Được duyệt"),
                "kind": "sum",
                "of": ["approved_central", "approved_local"],
            },
            {"key": "paid_central", "label": "NSTW", "group": _("Đã giải ngân"), "kind": "money"},
            {"key": "paid_local", "label": "NSĐP", "group": _("Đã giải ngân"), "kind": "money"},
            {
                "key": "paid_state",
                "label": _("Tổng"),
                "group": _("Đã giải ngân"),
                "kind": "sum",
                "of": ["paid_central", "paid_local"],
            },
            {"key": "rate", "label": _("Tỷ lệ (%)"), "kind": "rate", "of": ["paid_state", "approved_state"]},
            {"key": "approved_mobilised", "label": _("Vốn huy động, tín dụng"), "kind": "money"},
            {"key": "approved_counterpart", "label": _("Đối ứng của hộ"), "kind": "money"},
        ]

    def unit(self) -> Unit:
        return Unit("đồng", 1, 0)

    def projects(self):
        return (
            Project.objects.filter(
                commune__in=self.commune_ids,
                status__in=APPROVED_STATES,
                budget_lines__isnull=False,
                decision_date__lte=self.period.end,
            )
            .distinct()
            .select_related("village", "round__component")
            .prefetch_related(Prefetch("budget_lines", queryset=BudgetLine.objects.all()))
            .order_by("round__component__program_id", "round__component__order", "round__name", "name")
        )

    def rows(self) -> Iterator[Row]:
        projects = list(self.projects())
        paid: dict[int, dict[str, int]] = defaultdict(dict)
        for row in (
            Disbursement.objects.filter(project__in=[p.pk for p in projects], paid_on__lte=self.period.end)
            .values("project_id", "source")
            .annotate(total=Sum("amount"))
        ):
            paid[row["project_id"]][row["source"]] = row["total"]
        components: dict[int, list[Project]] = {}
        for project in projects:
            components.setdefault(project.round.component_id, []).append(project)
        yield Row(_("Tổng cộng"), stt="", kind="total", key="total", children=[f"c{pk}" for pk in components])
        for number, (pk, members) in enumerate(components.items(), start=1):
            component = members[0].round.component
            yield Row(
                str(component),
                stt=str(number),
                kind="group",
                key=f"c{pk}",
                children=[f"p{p.pk}" for p in members],
                values={"village": ""},
            )
            for sub, project in enumerate(members, start=1):
                approved = {line.source: line.approved_amount for line in project.budget_lines.all()}
                paid_here = paid[project.pk]
                yield Row(
                    project.name,
                    stt=f"{number}.{sub}",
                    key=f"p{project.pk}",
                    level=1,
                    link=project.get_absolute_url(),
                    values={
                        "village": project.village.name,
                        "approved_central": approved.get(C.CENTRAL, 0),
                        "approved_local": approved.get(C.LOCAL, 0),
                        "paid_central": paid_here.get(C.CENTRAL, 0),
                        "paid_local": paid_here.get(C.LOCAL, 0),
                        "approved_mobilised": approved.get(C.OTHER, 0) + approved.get(C.CREDIT, 0),
                        "approved_counterpart": approved.get(C.COUNTERPART, 0),
                    },
                )


# ---- tables by program component, shaped by a report definition -------------------------------

MEASURES: dict[str, str] = {
    **{
        f"{stage}_{key}": f"{label} – {src}"
        for stage, label in (("plan", "Kế hoạch"), ("approved", "Được duyệt"), ("paid", "Giải ngân"))
        for key, src in (
            ("central", "NSTW"),
            ("local", "NSĐP"),
            ("credit", "tín dụng"),
            ("other", "huy động khác"),
            ("counterpart", "đối ứng của hộ"),
        )
    },
    **{
        f"{stage}_{cap}_{key}": f"{stage} {cap} {key}"
        for stage in ("plan", "approved", "paid")
        for cap in ("dtpt", "sn")
        for key in ("central", "local")
    },
    "projects": "Số dự án",
    "hh_poor": "Hộ nghèo tham gia",
    "hh_near_poor": "Hộ cận nghèo tham gia",
    "hh_other": "Hộ khác tham gia",
    "escaped": "Hộ được hỗ trợ đã thoát nghèo, cận nghèo",
    **{m: m for m in figures.INSPECTION_FIGURES},
}


class ComponentTableExporter(Exporter):
    """Rows are the definition's rows (a total, the program's components and sub-components);
    each cell is a measure of MEASURES for that component, summed in the database."""

    slug = "bieu-02"

    def program_components(self) -> list[Component]:
        return list(
            Component.objects.filter(program__code=self.definition.program_code).order_by("order", "code")
        )

    def _definition_rows(self) -> list[dict]:
        rows: list[dict] = []
        for row in self.definition.rows:
            if row.get("components") == "all":
                main = sub = 0
                for component in self.program_components():
                    if component.parent_id is None:
                        main, sub = main + 1, 0
                        rows.append({"component": component.code, "stt": str(main), "label": component.name})
                    else:
                        sub += 1
                        rows.append(
                            {"component": component.code, "stt": f"{main}.{sub}", "label": component.name}
                        )
            else:
                rows.append(row)
        return rows

    def figures(self) -> dict[str, dict]:
        program = self.definition.program_code
        out: dict[str, dict] = defaultdict(dict)
        for part in (
            figures.money_by_component(self.commune_ids, self.period, program),
            figures.outputs_by_component(self.commune_ids, self.period, program),
        ):
            for code, values in part.items():
                out[code].update(values)
        self.missing = set()
        for measure in figures.INSPECTION_FIGURES:
            figure = figures.inspection_figure(measure, self.commune_ids, self.period)
            if figure is None:
                self.missing.add(measure)
                continue
            for code, value in figure.items():
                out[code][measure] = value
        return out

    def _values(self, found: dict, capital: str) -> dict:
        values: dict = {}
        for key in MEASURES:
            if key in self.missing:
                values[key] = None
                continue
            parts = key.split("_")
            if len(parts) == 3 and parts[1] in ("dtpt", "sn"):
                stage, cap, source = parts
                values[key] = found.get(f"{stage}_{source}", 0) if cap == capital else 0
            else:
                values[key] = found.get(key, 0)
        return values

    def rows(self) -> Iterator[Row]:
        found = self.figures()
        rows = self._definition_rows()
        codes = [r["component"] for r in rows if r.get("component")]
        top = [c for c in codes if "." not in c or c.split(".", 1)[0] not in codes]
        for row in rows:
            if row.get("total"):
                yield Row(
                    row.get("label", _("Tổng cộng")),
                    stt=row.get("stt", ""),
                    kind="total",
                    key="total",
                    children=top,
                    values={} if top else self._values({}, "sn"),
                )
            elif row.get("heading"):
                yield Row(
                    row["heading"], stt=row.get("stt", ""), kind="heading", values=dict.fromkeys(MEASURES, "")
                )
            else:
                code = row["component"]
                children = [c for c in codes if c.startswith(code + ".")]
                level = 1 if "." in code and code.split(".", 1)[0] in codes else 0
                own = self._values(found.get(code, {}), row.get("capital", "sn"))
                if children and any(v for v in own.values() if v):
                    # money booked on the project itself, not a sub-project: its own line
                    children = [*children, f"{code}.*"]
                yield Row(
                    row.get("label", code),
                    stt=row.get("stt", ""),
                    kind="group" if children else "item",
                    key=code,
                    children=children,
                    level=level,
                    values={} if children else own,
                )
                if children and children[-1] == f"{code}.*":
                    yield Row(
                        _("Nội dung chung của dự án"), kind="item", key=f"{code}.*", level=1, values=own
                    )


# ---- evaluation of models (nhân rộng) -------------------------------------------------------------


class ModelEvaluationExporter(Exporter):
    """Per model type (the project's "mô hình") and round year: projects, households supported,
    of them poor or near-poor at the time, how many a later review found out of poverty, state
    money approved; breaches and recoveries from the inspections app ("—" until it provides them).
    The evidence a commune plan asks for before it replicates a model."""

    slug = "mo-hinh"
    title = gettext_lazy("Đánh giá hiệu quả các mô hình hỗ trợ")

    def columns(self) -> list[dict]:
        return [
            {"key": "stt", "label": _("STT"), "kind": "stt"},
            {"key": "name", "label": _("Mô hình / năm"), "kind": "label"},
            {"key": "projects", "label": _("Số dự án"), "kind": "count"},
            {"key": "households", "label": _("Tổng số"), "group": _("Hộ tham gia"), "kind": "count"},
            {"key": "poor_like", "label": _("Nghèo, cận nghèo"), "group": _("Hộ tham gia"), "kind": "count"},
            {
                "key": "escaped",
                "label": _("Đã thoát nghèo, cận nghèo"),
                "group": _("Hộ tham gia"),
                "kind": "count",
            },
            {
                "key": "escape_rate",
                "label": _("Tỷ lệ thoát (%)"),
                "kind": "rate",
                "of": ["escaped", "poor_like"],
            },
            {"key": "approved_state", "label": _("Vốn NSNN được duyệt"), "kind": "money"},
            {"key": "breaches", "label": _("Vi phạm"), "group": _("Kiểm tra"), "kind": "count"},
            {"key": "recoveries", "label": _("Thu hồi"), "group": _("Kiểm tra"), "kind": "count"},
        ]

    def unit(self) -> Unit:
        return Unit("đồng", 1, 0)

    def subtitle(self) -> str:
        return _("Các dự án đã được phê duyệt, theo kết quả rà soát đến năm %(year)s") % {
            "year": self.period.end.year
        }

    def rows(self) -> Iterator[Row]:
        from django.db.models import Count, Q

        from reports.figures import ESCAPED, POOR_LIKE, model_inspection_figure, with_outcome

        counted = Project.objects.filter(commune__in=self.commune_ids, status__in=APPROVED_STATES)
        found: dict[tuple[str, int], dict] = defaultdict(dict)
        for row in counted.values("model", "round__year").annotate(n=Count("pk")):
            found[(row["model"], row["round__year"])]["projects"] = row["n"]
        participants = with_outcome(
            Participant.objects.filter(project__in=counted.values("pk")), self.period.end.year
        )
        for row in participants.values("project__model", "project__round__year").annotate(
            households=Count("household", distinct=True),
            poor_like=Count("household", distinct=True, filter=Q(category__in=POOR_LIKE)),
            escaped=Count("household", distinct=True, filter=ESCAPED),
        ):
            found[(row["project__model"], row["project__round__year"])].update(
                households=row["households"], poor_like=row["poor_like"], escaped=row["escaped"]
            )
        for row in (
            BudgetLine.objects.filter(project__in=counted.values("pk"), source__in=[C.CENTRAL, C.LOCAL])
            .values("project__model", "project__round__year")
            .annotate(total=Sum("approved_amount"))
        ):
            found[(row["project__model"], row["project__round__year"])]["approved_state"] = row["total"]
        hooks = {m: model_inspection_figure(m, self.commune_ids) for m in ("breaches", "recoveries")}
        models = sorted({model for model, _year in found}, key=str.lower)
        yield Row(
            _("Tổng cộng"),
            kind="total",
            key="total",
            children=[f"m{n}" for n in range(len(models))],
            values={} if models else {"projects": 0, "households": 0},
        )
        for n, model in enumerate(models):
            years = sorted(year for m, year in found if m == model)
            yield Row(model, stt=str(n + 1), kind="group", key=f"m{n}", children=[f"m{n}-{y}" for y in years])
            for year in years:
                values = {
                    k: found[(model, year)].get(k, 0)
                    for k in ("projects", "households", "poor_like", "escaped", "approved_state")
                }
                for measure, figure in hooks.items():
                    values[measure] = None if figure is None else figure.get(model, 0)
                yield Row(_("Năm %(year)s") % {"year": year}, key=f"m{n}-{year}", level=1, values=values)


EXPORTERS = {e.slug: e for e in (BudgetExporter, ComponentTableExporter, ModelEvaluationExporter)}
