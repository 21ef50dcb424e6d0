"""State changes of the household registry. Each one is atomic and writes the audit trail.

Member, classification and group-membership changes are recorded against the household (with
the member's name, the year or the group in the entry's data), so the household page shows the
household's whole story from one query.

Invariants a form cannot see (a CCCD unique in the commune, one head, one active group) are
checked here, inside the transaction, and reported as ValidationError with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from giamngheo import audit
from giamngheo.models import Commune, Village
from giamngheo.services import apply_changes
from giamngheo.text import clean, search_key
from households.models import (
    Classification,
    CommunityGroup,
    GroupMembership,
    Household,
    Member,
    PovertyStandard,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from giamngheo.models import User

HOUSEHOLD_FIELDS = [
    "village",
    "code",
    "address",
    "area",
    "ethnicity",
    "phone",
    "notes",
    "is_ethnic_minority",
    "no_working_capacity",
    "is_merit_family",
    "is_female_headed",
    "has_disabled_member",
    "poverty_cause",
]
MEMBER_FIELDS = [
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "relationship",
    "id_number",
    "id_kind",
    "ethnicity",
    "has_disability",
    "working_capacity",
]
CLASSIFICATION_FIELDS = [
    "category",
    "income_per_capita",
    "b1_score",
    "deprivations",
    "decision_number",
    "decision_date",
]
SEARCH_KEY_LENGTH = Household._meta.get_field("search_key").max_length


# ---- search key -----------------------------------------------------------------------------


def household_search_key(household: Household, members: Iterable[Member]) -> str:
    """One accent-free text the list searches: head's name, code, members' names and ID numbers.

    Parts are joined with " | " so a search phrase does not run across two names.
    """
    members = list(members)
    parts = [search_key(household.head_name), search_key(household.code)]
    parts += [search_key(m.full_name) for m in members if m.full_name != household.head_name]
    parts += [m.id_number for m in members if m.id_number]
    return " | ".join(p for p in parts if p)[:SEARCH_KEY_LENGTH]


def refresh_search_key(household: Household) -> None:
    """Recompute the household's search key (call after any change to its head, code or members).

    The Excel import and the demo seed call this too, after writing households in bulk.
    """
    household.search_key = household_search_key(household, household.members.all())
    Household.objects.filter(pk=household.pk).update(search_key=household.search_key)


def refresh_search_keys(households: Iterable[Household]) -> None:
    """The same for many households (after a bulk import or the demo seed), in one query for
    the members plus one UPDATE … FROM (VALUES …) per 1,000 households.

    Django's bulk_update writes a CASE per row and takes ~0.4 ms a household; this takes a
    tenth of that. SQLite ≥ 3.33 and PostgreSQL both understand UPDATE … FROM.
    """
    households = list(households)
    by_household: dict[int, list[Member]] = {}
    for member in (
        Member.objects.filter(household__in=[h.pk for h in households])
        .only("household_id", "full_name", "id_number")
        .order_by("pk")
    ):
        by_household.setdefault(member.household_id, []).append(member)
    for household in households:
        household.search_key = household_search_key(household, by_household.get(household.pk, []))
    table = connection.ops.quote_name(Household._meta.db_table)
    for start in range(0, len(households), 1000):
        batch = households[start : start + 1000]
        rows = ", ".join(["(%s, %s)"] * len(batch))
        params = [value for h in batch for value in (h.pk, h.search_key)]
        with connection.cursor() as cursor:
            cursor.execute(
                # Both databases name a VALUES list's columns column1, column2.
                f"UPDATE {table} SET search_key = v.column2 FROM (VALUES {rows}) AS v WHERE {table}.id = v.column1",
                params,
            )


# ---- checks ---------------------------------------------------------------------------------


def _lock_commune(commune_id: int) -> None:
    """Serialise registry writes of one commune, so two people cannot give the same CCCD or
    household code to two households at the same moment (SQLite locks the whole database)."""
    Commune.objects.select_for_update().filter(pk=commune_id).first()


def _check_code(commune_id: int, code: str, *, exclude_pk: int | None = None) -> None:
    clash = Household.objects.filter(commune_id=commune_id, code=code).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": _("Mã hộ %(code)s đã có trong xã.") % {"code": code}})


def _check_id_numbers(commune_id: int, members: Iterable[tuple[str, int | None]]) -> None:
    """No two members of the commune share a CCCD/CMND. `members` = (id_number, member pk)."""
    seen: set[str] = set()
    for id_number, _pk in members:
        if not id_number:
            continue
        if id_number in seen:
            raise ValidationError(
                _("Số CCCD/CMND %(number)s được khai cho hai người.") % {"number": id_number}
            )
        seen.add(id_number)
    own_pks = [pk for _number, pk in members if pk]
    clash = (
        Member.objects.filter(household__commune_id=commune_id, id_number__in=seen)
        .exclude(pk__in=own_pks)
        .select_related("household")
        .first()
    )
    if clash:
        raise ValidationError(
            _("Số CCCD/CMND %(number)s đã có trong sổ hộ của xã (hộ %(code)s).")
            % {"number": clash.id_number, "code": clash.household.code}
        )


def _next_code(commune_id: int) -> str:
    n = Household.objects.filter(commune_id=commune_id).count() + 1
    while Household.objects.filter(commune_id=commune_id, code=f"H{n:05d}").exists():
        n += 1
    return f"H{n:05d}"


def _member_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in fields.items() if k in MEMBER_FIELDS}
    if "full_name" in values:
        values["full_name"] = clean(values["full_name"])
    if values.get("birth_date") and not values.get("birth_year"):
        values["birth_year"] = values["birth_date"].year
    return values


def _as_changes(obj, names: Iterable[str]) -> dict[str, list[Any]]:
    """{field: [None, value]} for the fields set on a new object (how a creation reads in history)."""
    return {
        k: [None, v] for k, v in audit.snapshot(obj, list(names)).items() if v not in (None, "", [], False)
    }


def _sync_head(household: Household, *, by: User | None) -> None:
    """The household's head name (and female-headed flag, when the head's sex is known)
    follow its head member. Audited as a household change when they move."""
    head = household.members.filter(relationship=Member.Relationship.HEAD).first()
    if head is None:
        return
    fields: dict[str, Any] = {"head_name": head.full_name}
    if head.sex:
        fields["is_female_headed"] = head.sex == Member.Sex.FEMALE
    apply_changes(household, by=by, action="household.updated", fields=fields)


# ---- households -----------------------------------------------------------------------------


@transaction.atomic
def create_household(
    *, by: User | None, village: Village, members: list[dict[str, Any]], code: str = "", **fields: Any
) -> Household:
    """Create a household with its members; exactly one member is the head (relationship "head").

    The head's name becomes the household's head name. A blank code gets the next free "H00001".
    Raises ValidationError (changing nothing) for a used code or CCCD. Writes one audit entry
    for the household and one per member.
    """
    heads = [m for m in members if m.get("relationship") == Member.Relationship.HEAD]
    if len(heads) != 1:
        raise ValidationError(_("Mỗi hộ phải có đúng một người là chủ hộ."))
    _lock_commune(village.commune_id)
    code = clean(code) or _next_code(village.commune_id)
    _check_code(village.commune_id, code)
    _check_id_numbers(village.commune_id, [(m.get("id_number", ""), None) for m in members])
    head = _member_values(heads[0])
    values = {k: clean(v) if isinstance(v, str) else v for k, v in fields.items() if k in HOUSEHOLD_FIELDS}
    if head.get("sex"):
        values["is_female_headed"] = head["sex"] == Member.Sex.FEMALE
    household = Household.objects.create(
        commune_id=village.commune_id, village=village, code=code, head_name=head["full_name"], **values
    )
    audit.record(
        by,
        household,
        "household.created",
        changes=_as_changes(household, ["head_name", *HOUSEHOLD_FIELDS]),
    )
    # The head first, so the member list reads in the order the form was filled.
    for row in sorted(members, key=lambda m: m.get("relationship") != Member.Relationship.HEAD):
        member = Member.objects.create(household=household, search_key="", **_member_values(row))
        _record_member(by, household, member, "household.member_added", _as_changes(member, MEMBER_FIELDS))
    refresh_search_key(household)
    return household


@transaction.atomic
def update_household(household: Household, *, by: User | None, **fields: Any) -> dict[str, list[Any]]:
    """Change the household's own facts (not its head: see make_head). Returns the changes.

    Moving to a village of another commune is refused. Audited field by field.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValueError(f"not household fields: {sorted(unknown)}")
    if "village" in fields and fields["village"].commune_id != household.commune_id:
        raise ValidationError({"village": _("Chỉ chuyển được hộ sang thôn/tổ khác trong cùng xã.")})
    if "code" in fields:
        fields["code"] = clean(fields["code"]) or household.code
        if fields["code"] != household.code:
            _lock_commune(household.commune_id)
            _check_code(household.commune_id, fields["code"], exclude_pk=household.pk)
    changes = apply_changes(household, by=by, action="household.updated", fields=fields)
    if "code" in changes:
        refresh_search_key(household)
    return changes


@transaction.atomic
def set_status(
    household: Household, *, by: User | None, status: str, on: dt.date | None, note: str = ""
) -> dict[str, list[Any]]:
    """Mark a household as moved away, merged into another or dissolved (with the date), or
    active again. A status other than active needs its date."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if status not in Household.Status.values:
        raise ValidationError({"status": _("Tình trạng không hợp lệ.")})
    if status != Household.Status.ACTIVE and on is None:
        raise ValidationError({"on": _("Hãy nhập ngày chuyển đi, nhập hộ hoặc giải thể.")})
    if status == Household.Status.ACTIVE:
        on = None
    fields = {"status": status, "status_date": on}
    before = audit.snapshot(household, list(fields))
    for name, value in fields.items():
        setattr(household, name, value)
    household.save(update_fields=list(fields))
    changes = audit.diff(before, audit.snapshot(household, list(fields)))
    if changes:
        audit.record(by, household, "household.status_changed", changes=changes, note=clean(note))
    return changes


# ---- members --------------------------------------------------------------------------------


def _record_member(by, household: Household, member: Member, action: str, changes: dict) -> None:
    audit.record(by, household, action, kind="member", member=member.full_name, changes=changes)


@transaction.atomic
def add_member(household: Household, *, by: User | None, **fields: Any) -> Member:
    """Add a person to the household. A new head goes through make_head instead."""
    values = _member_values(fields)
    if values.get("relationship") == Member.Relationship.HEAD:
        raise ValidationError(
            {"relationship": _("Hộ đã có chủ hộ. Thêm người này rồi dùng “Đặt làm chủ hộ”.")}
        )
    _lock_commune(household.commune_id)
    _check_id_numbers(household.commune_id, [(values.get("id_number", ""), None)])
    member = Member.objects.create(household=household, search_key=search_key(values["full_name"]), **values)
    _record_member(by, household, member, "household.member_added", _as_changes(member, MEMBER_FIELDS))
    refresh_search_key(household)
    return member


@transaction.atomic
def update_member(member: Member, *, by: User | None, **fields: Any) -> dict[str, list[Any]]:
    """Change a member's facts. The head stays head (see make_head); nobody becomes head here.

    When the head's name or sex changes, the household's head name and flag follow.
    """
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = member.household
    values = _member_values(fields)
    relationship = values.get("relationship", member.relationship)
    is_head = member.relationship == Member.Relationship.HEAD
    if is_head and relationship != Member.Relationship.HEAD:
        raise ValidationError(
            {"relationship": _("Muốn đổi chủ hộ, hãy chọn “Đặt làm chủ hộ” ở người sẽ làm chủ hộ mới.")}
        )
    if not is_head and relationship == Member.Relationship.HEAD:
        raise ValidationError({"relationship": _("Dùng “Đặt làm chủ hộ” để đổi chủ hộ.")})
    if values.get("id_number") and values["id_number"] != member.id_number:
        _lock_commune(household.commune_id)
        _check_id_numbers(household.commune_id, [(values["id_number"], member.pk)])
    before = audit.snapshot(member, list(values))
    for name, value in values.items():
        setattr(member, name, value)
    member.search_key = search_key(member.full_name)
    member.save(update_fields=[*values, "search_key"])
    changes = audit.diff(before, audit.snapshot(member, list(values)))
    if changes:
        _record_member(by, household, member, "household.member_updated", changes)
        if is_head:
            _sync_head(household, by=by)
        refresh_search_key(household)
    return changes


@transaction.atomic
def remove_member(member: Member, *, by: User | None, reason: str = "") -> None:
    """Take a person off the household (moved away, died…). The head cannot be removed."""
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    if member.relationship == Member.Relationship.HEAD:
        raise ValidationError(
            _("Không xóa được chủ hộ. Hãy đặt người khác làm chủ hộ trước, hoặc đổi tình trạng hộ.")
        )
    household = member.household
    changes = {k: [v, None] for k, v in audit.snapshot(member, MEMBER_FIELDS).items() if v not in (None, "")}
    audit.record(
        by,
        household,
        "household.member_removed",
        kind="member",
        member=member.full_name,
        note=clean(reason),
        changes=changes,
    )
    member.delete()
    refresh_search_key(household)


@transaction.atomic
def make_head(member: Member, *, by: User | None, previous_head_relationship: str) -> Member:
    """Make `member` the head of their household.

    The old head takes `previous_head_relationship` (e.g. spouse, parent) relative to the new
    head; the household's head name (and female-headed flag) follow. One history entry.
    """
    member = Member.objects.select_for_update().select_related("household").get(pk=member.pk)
    household = Household.objects.select_for_update().get(pk=member.household_id)
    if member.relationship == Member.Relationship.HEAD:
        raise ValidationError(_("%(name)s đã là chủ hộ.") % {"name": member.full_name})
    if previous_head_relationship not in Member.Relationship.values or (
        previous_head_relationship == Member.Relationship.HEAD
    ):
        raise ValidationError(
            {"previous_head_relationship": _("Hãy chọn quan hệ của chủ hộ cũ với chủ hộ mới.")}
        )
    old_head = household.members.select_for_update().filter(relationship=Member.Relationship.HEAD).first()
    old_name = household.head_name
    # The old head steps down first: the database allows one head per household.
    if old_head is not None:
        old_head.relationship = previous_head_relationship
        old_head.save(update_fields=["relationship"])
    old_relationship = member.relationship
    member.relationship = Member.Relationship.HEAD
    member.save(update_fields=["relationship"])
    audit.record(
        by,
        household,
        "household.head_changed",
        member=member.full_name,
        changes={"head_name": [old_name, member.full_name]},
        relationships={
            member.full_name: [old_relationship, Member.Relationship.HEAD],
            **(
                {old_head.full_name: [Member.Relationship.HEAD, previous_head_relationship]}
                if old_head
                else {}
            ),
        },
    )
    household.head_name = member.full_name
    fields = ["head_name"]
    if member.sex:
        household.is_female_headed = member.sex == Member.Sex.FEMALE
        fields.append("is_female_headed")
    household.save(update_fields=fields)
    refresh_search_key(household)
    return member


# ---- classification -------------------------------------------------------------------------


def _checked_deprivations(standard: PovertyStandard, codes: Iterable[str]) -> list[str]:
    known = [i["code"] for i in standard.indicators]
    codes = [str(c) for c in codes]
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(
            {
                "deprivations": _("Chỉ số %(codes)s không có trong %(standard)s.")
                % {"codes": ", ".join(unknown), "standard": standard.name}
            }
        )
    return [c for c in known if c in codes]  # the standard's order, no repeats


def _standard_for(year: int) -> PovertyStandard:
    standard = PovertyStandard.for_year(year)
    if standard is None:
        raise ValidationError({"year": _("Chưa có chuẩn nghèo áp dụng cho năm %(year)s.") % {"year": year}})
    return standard


@transaction.atomic
def record_classification(
    household: Household,
    *,
    by: User | None,
    year: int,
    category: str,
    income_per_capita: int | None = None,
    b1_score: int | None = None,
    deprivations: Iterable[str] = (),
    decision_number: str = "",
    decision_date: dt.date | None = None,
    disagreement: str = "",
) -> Classification:
    """Record the household's review result for `year` (one per year).

    The poverty standard is the one in force that year; deprivation codes must be indicators
    of that standard. `disagreement` is the confirmed reason the category differs from what the
    standard gives (the form's warning), kept in the audit entry.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.classifications.filter(year=year).exists():
        raise ValidationError(
            {"year": _("Hộ đã có kết quả rà soát năm %(year)s; hãy sửa kết quả đó.") % {"year": year}}
        )
    standard = _standard_for(year)
    classification = Classification.objects.create(
        household=household,
        year=year,
        category=category,
        standard=standard,
        income_per_capita=income_per_capita,
        b1_score=b1_score,
        deprivations=_checked_deprivations(standard, deprivations),
        decision_number=clean(decision_number),
        decision_date=decision_date,
    )
    audit.record(
        by,
        household,
        "household.classified",
        kind="classification",
        year=year,
        changes=_as_changes(classification, CLASSIFICATION_FIELDS),
        **({"khac_chuan": disagreement} if disagreement else {}),
    )
    return classification


@transaction.atomic
def update_classification(classification: Classification, *, by: User | None, **fields: Any) -> dict:
    """Correct a year's review result (the year and its standard stay)."""
    classification = Classification.objects.select_for_update().get(pk=classification.pk)
    disagreement = fields.get("disagreement") or ""
    values = {k: v for k, v in fields.items() if k in CLASSIFICATION_FIELDS}
    if "deprivations" in values:
        standard = classification.standard or _standard_for(classification.year)
        values["deprivations"] = _checked_deprivations(standard, values["deprivations"])
    if "decision_number" in values:
        values["decision_number"] = clean(values["decision_number"])
    before = audit.snapshot(classification, list(values))
    for name, value in values.items():
        setattr(classification, name, value)
    classification.save(update_fields=list(values))
    changes = audit.diff(before, audit.snapshot(classification, list(values)))
    if changes:
        audit.record(
            by,
            classification.household,
            "household.classification_updated",
            kind="classification",
            year=classification.year,
            changes=changes,
            **({"khac_chuan": disagreement} if disagreement else {}),
        )
    return changes


@transaction.atomic
def update_household_and_members(
    household: Household,
    *,
    by: User | None,
    fields: dict[str, Any],
    members: list[dict[str, Any]],
    removed: Iterable[int] = (),
) -> None:
    """Save the edit page in one transaction: the household's facts, each member row (with
    "pk" for an existing member, without for a new one) and the members taken off.

    Any refusal (a CCCD used elsewhere, removing the head) rolls the whole page back.
    """
    own = {m.pk: m for m in household.members.all()}
    for pk in removed:
        if pk not in own:
            raise ValidationError(_("Thành viên không thuộc hộ này."))
        remove_member(own[pk], by=by)
    update_household(household, by=by, **{k: v for k, v in fields.items() if k in HOUSEHOLD_FIELDS})
    for row in members:
        pk = row.get("pk")
        values = {k: v for k, v in row.items() if k != "pk"}
        if pk:
            if pk not in own:
                raise ValidationError(_("Thành viên không thuộc hộ này."))
            update_member(own[pk], by=by, **values)
        else:
            add_member(household, by=by, **values)
    household.refresh_from_db()


# ---- community groups -----------------------------------------------------------------------


def _group_head_name(head: Household | None, head_name: str) -> str:
    return clean(head_name) or (head.head_name if head else "")


def _check_group_name(village: Village, name: str, *, exclude_pk: int | None = None) -> None:
    clash = CommunityGroup.objects.filter(village=village, name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("Thôn/tổ đã có tổ cộng đồng tên này.")})


def _check_group_head(village: Village, head: Household | None) -> None:
    if head is not None and head.village_id != village.pk:
        raise ValidationError({"head": _("Tổ trưởng phải là một hộ trong thôn/tổ.")})


@transaction.atomic
def create_group(
    village: Village,
    *,
    by: User | None,
    name: str,
    head: Household | None = None,
    head_name: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> CommunityGroup:
    """Found a community group (tổ cộng đồng) in a village."""
    name = clean(name)
    _check_group_name(village, name)
    _check_group_head(village, head)
    group = CommunityGroup.objects.create(
        village=village,
        name=name,
        head=head,
        head_name=_group_head_name(head, head_name),
        decision_number=clean(decision_number),
        decision_date=decision_date,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    audit.record(
        by,
        group,
        "group.created",
        changes=_as_changes(group, ["name", "head_name", "decision_number", "decision_date"]),
    )
    return group


@transaction.atomic
def update_group(group: CommunityGroup, *, by: User | None, **fields: Any) -> dict:
    group = CommunityGroup.objects.select_for_update().get(pk=group.pk)
    if "name" in fields:
        fields["name"] = clean(fields["name"])
        _check_group_name(group.village, fields["name"], exclude_pk=group.pk)
    if "head" in fields:
        _check_group_head(group.village, fields["head"])
        fields["head_name"] = _group_head_name(fields["head"], fields.get("head_name", ""))
    return apply_changes(group, by=by, action="group.updated", fields=fields)


@transaction.atomic
def add_group_member(
    group: CommunityGroup, household: Household, *, by: User | None, joined_on: dt.date
) -> GroupMembership:
    """A household joins the group. A household is in at most one group at a time."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.village_id != group.village_id:
        raise ValidationError({"household": _("Chỉ hộ trong cùng thôn/tổ mới vào được tổ này.")})
    current = (
        GroupMembership.objects.filter(household=household, left_on__isnull=True)
        .select_related("group")
        .first()
    )
    if current is not None:
        raise ValidationError({"household": _busy_message(household, current)})
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, household=household, joined_on=joined_on)
    except IntegrityError as error:  # someone added it a moment ago
        raise ValidationError(
            {"household": _("Hộ %(name)s đang ở một tổ khác.") % {"name": household.head_name}}
        ) from error
    audit.record(
        by,
        household,
        "household.joined_group",
        kind="membership",
        group=group.name,
        changes={"joined_on": [None, joined_on]},
    )
    return membership


def _busy_message(household: Household, membership: GroupMembership) -> str:
    return _("Hộ %(name)s đang là thành viên %(group)s (từ %(date)s). Hãy cho hộ rời tổ đó trước.") % {
        "name": household.head_name,
        "group": membership.group.name,
        "date": membership.joined_on.strftime("%d/%m/%Y"),
    }


@transaction.atomic
def remove_group_member(membership: GroupMembership, *, by: User | None, left_on: dt.date) -> GroupMembership:
    """The household leaves the group on `left_on` (kept in the group's history)."""
    membership = (
        GroupMembership.objects.select_for_update().select_related("group", "household").get(pk=membership.pk)
    )
    if membership.left_on is not None:
        raise ValidationError(
            _("Hộ này đã rời tổ ngày %(date)s.") % {"date": membership.left_on.strftime("%d/%m/%Y")}
        )
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": _("Ngày rời tổ không được trước ngày tham gia (%(date)s).")
                % {"date": membership.joined_on.strftime("%d/%m/%Y")}
            }
        )
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit.record(
        by,
        membership.household,
        "household.left_group",
        kind="membership",
        group=membership.group.name,
        changes={"left_on": [None, left_on]},
    )
    return membership
