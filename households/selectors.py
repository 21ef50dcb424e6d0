"""Read helpers of the household registry: scoped querysets, the filtered list, the history.

Views read only through these, so what a user sees is decided in one place (with
giamngheo.access). Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from giamngheo import access, audit, keyset
from giamngheo.audit_labels import label_for
from giamngheo.keyset import Key
from giamngheo.templatetags.vn import mask_id, vnd
from giamngheo.text import search_key
from households.importing.columns import COLUMNS as IMPORT_COLUMNS
from households.models import (
    Category,
    Classification,
    CommunityGroup,
    GroupMembership,
    Household,
    Member,
)

if TYPE_CHECKING:
    from giamngheo.models import Commune, User

# PostgreSQL's ICU collation that sorts Vietnamese the way a reader expects (a ă â b c d đ …).
VI_COLLATION = "vi-x-icu"

FLAG_FIELDS = [
    "is_ethnic_minority",
    "no_working_capacity",
    "is_merit_family",
    "is_female_headed",
    "has_disabled_member",
]


def households_for(user: User, action: str = "household.view") -> QuerySet[Household]:
    """Households the user may take `action` on: a village head's village, a commune's staff
    their commune, an upper-level viewer their province."""
    # The household's own commune column (always its village's commune; services keep it so),
    # not village__commune: a filter on it is the leading column of the list's indexes.
    return Household.objects.filter(
        access.place_q(user, action=action, commune_path="commune")
    ).select_related("village")


def get_household(user: User, pk: int, action: str = "household.view") -> Household:
    """One household in the user's scope for `action`, or 404."""
    return get_object_or_404(households_for(user, action), pk=pk)


def groups_for(user: User, action: str = "household.view") -> QuerySet[CommunityGroup]:
    return CommunityGroup.objects.filter(access.place_q(user, action=action)).select_related(
        "village", "head"
    )


def get_group(user: User, pk: int, action: str = "household.view") -> CommunityGroup:
    return get_object_or_404(groups_for(user, action), pk=pk)


def vietnamese_order(*fields: str) -> list:
    """Order expressions that sort Vietnamese names correctly.

    PostgreSQL sorts with the ICU collation. SQLite has no Vietnamese collation: there the
    caller's fields sort byte-wise, so list views sort by the accent-free search key first
    (Đ sorts with D, and accented letters with their base letter) and by the name second.
    """
    if connection.vendor == "postgresql":
        return [Collate(f, VI_COLLATION) for f in fields]
    return list(fields)


def normalise_query(text: str) -> str:
    """The search key of what the user typed; an ID number typed with spaces or dots is joined."""
    key = search_key(text)
    compact = key.replace(" ", "").replace(".", "")
    if compact.isdigit():
        return compact
    return key


def filter_households(qs: QuerySet[Household], data: dict[str, Any]) -> QuerySet[Household]:
    """Apply the list filters (already validated by HouseholdFilterForm) to `qs`.

    `data` keys: q, village, category, year, flags, status, missing_year, sort. Missing or
    empty keys do not filter.
    """
    qs = qs.with_current_classification()
    if q := data.get("q"):
        qs = qs.filter(search_key__contains=normalise_query(q))
    if village := data.get("village"):
        qs = qs.filter(village=village)
    status = data.get("status") or Household.Status.ACTIVE
    if status != "all":
        qs = qs.filter(status=status)
    year = data.get("year")
    category = data.get("category")
    if year:
        in_year = Classification.objects.filter(household=OuterRef("pk"), year=year)
        if category:
            in_year = in_year.filter(category=category)
        qs = qs.filter(Exists(in_year))
    elif category:
        qs = qs.filter(current_category=category)
    for flag in data.get("flags") or []:
        if flag in FLAG_FIELDS:
            qs = qs.filter(**{flag: True})
    if missing_year := data.get("missing_year"):
        qs = qs.exclude(Exists(Classification.objects.filter(household=OuterRef("pk"), year=missing_year)))
    return qs.order_by(*household_ordering(data.get("sort") or "name"))


def household_sort_keys(sort: str) -> list[Key]:
    """The list's order as keyset columns, ending with the primary key so it is total.

    On PostgreSQL names compare in the Vietnamese ICU collation, and the indexes of migration
    0006 are built on the same collated expressions, so a page is an index range scan at any
    depth. SQLite has no Vietnamese collation: there the accent-free search key sorts first.
    """
    if connection.vendor == "postgresql":
        by_name = [Key("sort_name", Collate("head_name", VI_COLLATION))]
    else:
        by_name = [Key("sort_key", F("search_key")), Key("sort_name", F("head_name"))]
    pk = Key("pk", kind=int)
    if sort == "code":
        return [Key("sort_code", F("code")), pk]
    if sort == "village":
        village = (
            Collate("village__name", VI_COLLATION)
            if connection.vendor == "postgresql"
            else F("village__name")
        )
        return [Key("sort_village", village), *by_name, pk]
    return [*by_name, pk]


def household_ordering(sort: str) -> list:
    """The same order as plain `order_by` expressions (lists that are not paged by keyset)."""
    return [key.expression or key.name for key in household_sort_keys(sort)]


def household_page(qs: QuerySet[Household], sort: str, *, size: int, after=None, before=None) -> keyset.Page:
    """One page of the filtered list (`filter_households`), by keyset on its order."""
    return keyset.paginate(qs, household_sort_keys(sort), size=size, after=after, before=before)


def count_up_to(qs: QuerySet, limit: int) -> int:
    """How many rows `qs` has, counting no further than `limit` + 1: the list says "more than
    `limit`" instead of counting a province's million households on every page."""
    return qs.order_by().values("pk")[: limit + 1].count()


def household_detail(household: Household) -> dict[str, Any]:
    """Everything the household page shows, each in one query."""
    classifications = list(household.classifications.select_related("standard").order_by("-year"))
    for c in classifications:
        names = {i["code"]: i["name"] for i in (c.standard.indicators if c.standard else [])}
        c.deprivation_names = [f"{code}. {names.get(code, '')}".rstrip(". ") for code in c.deprivations]
    members = sorted(
        household.members.order_by("pk"), key=lambda m: m.relationship != Member.Relationship.HEAD
    )
    return {
        "members": members,
        "classifications": classifications,
        "memberships": list(
            household.group_memberships.select_related("group", "group__village").order_by("-joined_on")
        ),
        "history": history_for(household),
    }


def id_number_owner(commune: Commune, id_number: str, *, exclude_members=()) -> Member | None:
    """The member of this commune who already holds `id_number`, if any."""
    if not id_number:
        return None
    return (
        Member.objects.filter(id_number=id_number, household__commune=commune)
        .exclude(pk__in=[pk for pk in exclude_members if pk])
        .select_related("household")
        .first()
    )


def group_members(group: CommunityGroup) -> list[GroupMembership]:
    return list(
        group.memberships.select_related("household", "household__village").order_by(
            "left_on", "joined_on", "pk"
        )
    )


def groups_with_counts(qs: QuerySet[CommunityGroup]) -> QuerySet[CommunityGroup]:
    active = GroupMembership.objects.filter(left_on__isnull=True)
    return qs.prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))


def joinable_households(group: CommunityGroup) -> QuerySet[Household]:
    """Active households of the group's village that belong to no group right now."""
    in_a_group = GroupMembership.objects.filter(household=OuterRef("pk"), left_on__isnull=True)
    return (
        Household.objects.filter(village=group.village, status=Household.Status.ACTIVE)
        .exclude(Exists(in_a_group))
        .order_by(*household_ordering("name"))
    )


# ---- history --------------------------------------------------------------------------------

_MODELS_BY_PREFIX = {"member": Member, "classification": Classification, "membership": GroupMembership}


@dataclass
class HistoryEntry:
    when: Any
    who: str
    action: str
    subject: str = ""
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    note: str = ""


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists: show its stored name
        return name


def _display(model, name: str, value: Any) -> Any:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int):
        # Years and scores read plain; money with its thousands grouped.
        return vnd(value) if name == "income_per_capita" else str(value)
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return value
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else None
    if choices and value in choices:
        return choices[value]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _change_row(model, name: str, pair) -> tuple[str, Any, Any]:
    """(label, old, new) of one recorded change. The import names fields of the head and of a
    year's classification with a prefix ("chu_ho.id_number", "phan_loai_2025.category")."""
    label_prefix = ""
    if "." in name:
        prefix, name = name.split(".", 1)
        if prefix == "chu_ho":
            model, label_prefix = Member, _("chủ hộ – ")
        elif prefix == "thanh_vien" and name.startswith("moi_dong_"):
            return (
                _("thành viên mới (dòng %(n)s)") % {"n": name.removeprefix("moi_dong_")},
                "—",
                pair[1] or "—",
            )
        elif prefix == "thanh_vien":
            person, name = name.rsplit(".", 1)
            model, label_prefix = Member, _("%(name)s – ") % {"name": person}
        elif prefix.startswith("phan_loai"):
            model = Classification
            label_prefix = _("năm %(year)s – ") % {"year": prefix.rsplit("_", 1)[-1]}
    if name == "birth":
        return (label_prefix + _("ngày/năm sinh"), pair[0] or "—", pair[1] or "—")
    return (
        label_prefix + _label(model, name),
        _display(model, name, pair[0]),
        _display(model, name, pair[1]),
    )


def history_for(household: Household, limit: int = 100) -> list[HistoryEntry]:
    """The household's audit trail, newest first, with field names and values made readable.

    Member and classification changes are recorded against the household (with a `member`
    or `year` in their data), so one query gives the whole story.
    """
    entries = []
    for entry in audit.entries_for(household)[:limit]:
        data = entry.data or {}
        model = _MODELS_BY_PREFIX.get(data.get("kind", ""), Household)
        changes = [_change_row(model, name, pair) for name, pair in (data.get("changes") or {}).items()]
        for person, pair in (data.get("relationships") or {}).items():
            label = _("quan hệ của %(name)s") % {"name": person}
            changes.append(
                (label, _display(Member, "relationship", pair[0]), _display(Member, "relationship", pair[1]))
            )
        subject = data.get("member") or data.get("group") or ""
        if data.get("year"):
            subject = _("Năm %(year)s") % {"year": data["year"]}
        entries.append(
            HistoryEntry(
                when=entry.created_at,
                who=str(entry.actor) if entry.actor else _("Hệ thống"),
                action=label_for(entry.action),
                subject=subject,
                changes=changes,
                note=data.get("note", "")
                or (_("Nhập từ tệp %(file)s") % {"file": data["tep"]} if data.get("tep") else "")
                or (
                    _("Khác với chuẩn nghèo, đã xác nhận: %(why)s") % {"why": data["khac_chuan"]}
                    if data.get("khac_chuan")
                    else ""
                ),
            )
        )
    return entries


def category_label(value: str | None) -> str:
    return str(Category(value).label) if value in Category.values else "—"


# ---- export and public list -----------------------------------------------------------------

# The categories posted publicly after the yearly review, in the order of the posted list.
PUBLIC_CATEGORIES = [
    Category.POOR,
    Category.NEAR_POOR,
    Category.ESCAPED_POOR,
    Category.ESCAPED_NEAR_POOR,
]


def public_list(village, year: int) -> dict[str, Any]:
    """The village's households per category for `year`, as the public list shows them.

    Only what is posted: name of the head and category. No ID numbers.
    """
    rows = (
        Classification.objects.filter(
            household__village=village,
            household__status=Household.Status.ACTIVE,
            year=year,
            category__in=PUBLIC_CATEGORIES,
        )
        .select_related("household")
        .order_by(
            *(
                vietnamese_order("household__head_name")
                if connection.vendor == "postgresql"
                else ["household__search_key", "household__head_name"]
            ),
            "pk",
        )
    )
    by_category: dict[str, list] = {c: [] for c in PUBLIC_CATEGORIES}
    for row in rows:
        by_category[row.category].append(row)
    sections = [
        {"category": c, "label": Category(c).label, "rows": by_category[c]} for c in PUBLIC_CATEGORIES
    ]
    return {
        "sections": [s for s in sections if s["rows"]],
        "counts": [(s["label"], len(s["rows"])) for s in sections],
        "total": sum(len(s["rows"]) for s in sections),
    }


def export_households(qs: QuerySet[Household]) -> QuerySet[Household]:
    """The list's households with what the export needs, in a fixed number of queries."""
    latest = Classification.objects.filter(household=OuterRef("pk")).order_by("-year")

    return qs.annotate(
        current_decision_number=Subquery(latest.values("decision_number")[:1]),
        current_decision_date=Subquery(latest.values("decision_date")[:1]),
        current_income=Subquery(latest.values("income_per_capita")[:1]),
        current_b1=Subquery(latest.values("b1_score")[:1]),
        current_deprivations=Subquery(latest.values("deprivations")[:1]),
    ).prefetch_related(
        # only the head (one per household by constraint): the export's columns are the head's
        Prefetch(
            "members", queryset=Member.objects.filter(relationship=Member.Relationship.HEAD), to_attr="heads"
        )
    )


def _head(household: Household) -> Member | None:
    return household.heads[0] if household.heads else None


def _yes(value: bool) -> str:
    return "x" if value else ""


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# How the export writes each column (keys of households/importing/columns.py), in the values
# the import reads back: labels for choices, dd/mm/yyyy dates, "x" for a flag.
EXPORT_VALUES: dict[str, Any] = {
    "code": lambda h, head, show_id: h.code,
    "head_name": lambda h, head, show_id: h.head_name,
    "village": lambda h, head, show_id: h.village.name,
    "birth": lambda h, head, show_id: head.birth_display if head else "",
    "sex": lambda h, head, show_id: head.get_sex_display() if head and head.sex else "",
    "id_number": lambda h, head, show_id: _id_cell(head, show_id),
    "ethnicity": lambda h, head, show_id: h.ethnicity,
    "address": lambda h, head, show_id: h.address,
    "phone": lambda h, head, show_id: h.phone,
    "area": lambda h, head, show_id: str(h.get_area_display()),
    "category": lambda h, head, show_id: category_label(h.current_category) if h.current_category else "",
    "review_year": lambda h, head, show_id: h.current_year or "",
    "decision_number": lambda h, head, show_id: h.current_decision_number or "",
    "decision_date": lambda h, head, show_id: _date(h.current_decision_date),
    "income": lambda h, head, show_id: h.current_income or "",
    "b1_score": lambda h, head, show_id: h.current_b1 if h.current_b1 is not None else "",
    "deprivations": lambda h, head, show_id: ", ".join(str(c) for c in (h.current_deprivations or [])),
    "is_ethnic_minority": lambda h, head, show_id: _yes(h.is_ethnic_minority),
    "no_working_capacity": lambda h, head, show_id: _yes(h.no_working_capacity),
    "is_merit_family": lambda h, head, show_id: _yes(h.is_merit_family),
    "is_female_headed": lambda h, head, show_id: _yes(h.is_female_headed),
    "has_disabled_member": lambda h, head, show_id: _yes(h.has_disabled_member),
    "poverty_cause": lambda h, head, show_id: h.poverty_cause,
    "notes": lambda h, head, show_id: h.notes,
}


def export_columns() -> list[tuple[str, str]]:
    """(key, header) of the export: the import template's columns, so an export re-imports."""
    return [(c.key, c.header) for c in IMPORT_COLUMNS]


def _id_cell(member: Member | None, show_id: bool) -> str:
    if member is None or not member.id_number:
        return ""
    return member.id_number if show_id else mask_id(member.id_number)


def export_rows(qs: QuerySet[Household], *, show_id: bool):
    """(column headers, an iterator of rows) for the Excel export. ID numbers are masked
    unless `show_id`. Rows stream in chunks so a large commune stays flat in memory."""
    columns = export_columns()
    # Choice labels translated once per export, not once per cell (Django's get_FOO_display
    # rebuilds its lookup and casts the lazy label each time: a third of a 10,000-row export).
    sexes = {value: str(label) for value, label in Member.Sex.choices}
    areas = {value: str(label) for value, label in Household.Area.choices}
    categories = {value: str(label) for value, label in Category.choices}
    once = {
        "sex": lambda h, head, show_id: sexes.get(head.sex, head.sex) if head and head.sex else "",
        "area": lambda h, head, show_id: areas.get(h.area, h.area),
        "category": lambda h, head, show_id: (
            categories.get(h.current_category, "—") if h.current_category else ""
        ),
    }
    getters = [
        once.get(key) or EXPORT_VALUES.get(key, lambda h, head, show_id: "") for key, _header in columns
    ]

    def rows():
        for household in export_households(qs).iterator(chunk_size=500):
            head = _head(household)
            yield [getter(household, head, show_id) for getter in getters]

    return [header for _key, header in columns], rows()
