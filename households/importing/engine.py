"""Preview and apply a household list: the one engine behind the web upload and the command.

`build_preview` reads the file, checks every row against the registry and says what would
happen (created / updated with the changed fields / unchanged) and every problem with its
spreadsheet row and column. It writes nothing. `apply_import` writes a preview without
blocking problems in one transaction, with bulk queries, and audits it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access, audit
from giamngheo.models import AuditEntry, Commune, User, Village
from giamngheo.text import clean, search_key
from households import review_version
from households.importing import values as V
from households.importing.columns import BY_KEY, column_letter
from households.importing.layout import DataRow, Layout, convert_legacy_text, data_rows, find_layout
from households.importing.reading import Unreadable, read_sheets
from households.models import Category, Classification, Household, Member, PovertyStandard
from households.services import refresh_search_keys

EXAMPLE_NAME, EXAMPLE_ID = BY_KEY["head_name"].example, BY_KEY["id_number"].example
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
IMPORT_ACTION = "household.imported"
HOUSEHOLD_TEXT_LIMITS = {"address": 250, "ethnicity": 50, "poverty_cause": 250, "notes": 2000}
FLAGS = (
    "is_ethnic_minority",
    "no_working_capacity",
    "is_merit_family",
    "is_female_headed",
    "has_disabled_member",
)
MARKS = {
    "mark_poor": Category.POOR,
    "mark_near_poor": Category.NEAR_POOR,
    "mark_escaped_poor": Category.ESCAPED_POOR,
    "mark_escaped_near_poor": Category.ESCAPED_NEAR_POOR,
}
CLASSIFICATION_FIELDS = (
    "category",
    "income_per_capita",
    "b1_score",
    "deprivations",
    "decision_number",
    "decision_date",
)


class ImportRefused(Exception):
    """The preview has blocking problems: nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__(_("Tệp có lỗi, chưa nhập hộ nào."))
        self.preview = preview


@dataclass
class Problem:
    row: int | None  # spreadsheet row number; None for the whole file
    column: str  # Vietnamese column name with its letter, "" for the whole row or file
    message: str
    blocking: bool = True


@dataclass
class Change:
    # The audit key: a Household field, "chu_ho.<field>", "phan_loai_<year>.<field>",
    # "thanh_vien.<member's name>.<field>" or "thanh_vien.moi_dong_<row>" (a member added).
    field: str
    label: str
    old: object
    new: object

    @property
    def old_display(self) -> str:
        return display(self.old)

    @property
    def new_display(self) -> str:
        return display(self.new)


@dataclass
class MemberPlan:
    """A member row: a new member (member None) or the fields that change on a known one."""

    row: int
    member: Member | None
    values: dict[str, object]


@dataclass
class Plan:
    """What one row does to the registry."""

    row: int
    action: str
    village: Village
    household: Household | None  # the existing household (None when created)
    household_values: dict[str, object]
    head: Member | None
    head_values: dict[str, object]
    year: int | None
    classification: Classification | None
    classification_values: dict[str, object]
    changes: list[Change] = field(default_factory=list)
    members: list[MemberPlan] = field(default_factory=list)  # member rows that add or change a member

    @property
    def head_name(self) -> str:
        return str(
            self.household_values.get("head_name") or (self.household and self.household.head_name) or ""
        )

    @property
    def code(self) -> str:
        return str(self.household_values.get("code") or (self.household and self.household.code) or "")

    @property
    def category_display(self) -> str:
        category = self.classification_values.get("category") or (
            self.classification.category if self.classification else ""
        )
        return Category(category).label if category else ""


@dataclass
class ImportOptions:
    commune: Commune
    user: User | None = None  # None: the command line, which may import every village
    year: int | None = None  # the review year for rows without a "Năm rà soát" column
    default_village: Village | None = None
    file_name: str = ""


@dataclass
class Preview:
    options: ImportOptions
    checksum: str
    sheet_name: str = ""
    header_row: int | None = None
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (label, letter, header text)
    ignored_columns: list[tuple[str, str]] = field(default_factory=list)  # (letter, header text)
    encoding: str | None = None  # the legacy encoding of most converted columns
    legacy_columns: dict[str, list[str]] = field(default_factory=dict)  # encoding → column letters
    plans: list[Plan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    previous_import: AuditEntry | None = None

    @property
    def file_name(self) -> str:
        return self.options.file_name

    @property
    def blocked(self) -> bool:
        return any(p.blocking for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    def count(self, action: str) -> int:
        return sum(1 for p in self.plans if p.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {CREATE: self.count(CREATE), UPDATE: self.count(UPDATE), UNCHANGED: self.count(UNCHANGED)}

    @property
    def new_members(self) -> int:
        """Members added by member rows (heads not counted)."""
        return sum(1 for p in self.plans for m in p.members if m.member is None)

    @property
    def changed_plans(self) -> list[Plan]:
        return [p for p in self.plans if p.action != UNCHANGED]

    def problems_by_row(self) -> dict[int | None, list[Problem]]:
        rows: dict[int | None, list[Problem]] = defaultdict(list)
        for problem in self.problems:
            rows[problem.row].append(problem)
        return rows


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    entry: AuditEntry | None


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def display(value: object) -> str:
    """A value as the preview and the audit trail show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") if value >= 10_000 else str(value)
    for choices in (Category, Household.Area, Member.Sex):
        if value in choices.values:
            return str(choices(value).label)
    return str(value)


# ---- the registry as the preview needs it ------------------------------------------------
class Registry:
    """The commune's households, heads, villages and standards, loaded in a handful of queries."""

    def __init__(self, options: ImportOptions, ids: set[str], years: set[int], *, with_members: bool = False):
        commune = options.commune
        self.commune = commune
        self.villages = list(Village.objects.filter(commune=commune))
        self.village_by_id = {v.pk: v for v in self.villages}
        self.by_full_key: dict[str, list[Village]] = defaultdict(list)
        self.by_short_key: dict[str, list[Village]] = defaultdict(list)
        for village in self.villages:
            self.by_full_key[V.key(village.name)].append(village)
            self.by_short_key[V.village_key(village.name)].append(village)
        if options.user is None:
            self.allowed = {v.pk for v in self.villages}
        else:
            self.allowed = set(
                access.villages_for(options.user, "household.import")
                .filter(commune=commune)
                .values_list("pk", flat=True)
            )
        self.households = {h.pk: h for h in Household.objects.filter(commune=commune)}
        self.by_code = {h.code: h for h in self.households.values()}
        self.heads: dict[int, Member] = {}
        for member in Member.objects.filter(
            household__commune=commune, relationship=Member.Relationship.HEAD
        ):
            self.heads[member.household_id] = member
        self.head_by_id = {m.id_number: m for m in self.heads.values() if m.id_number}
        # The other members, only for lists with member rows (one more query).
        self.members: dict[int, list[Member]] = defaultdict(list)
        if with_members:
            for member in (
                Member.objects.filter(household__commune=commune)
                .exclude(relationship=Member.Relationship.HEAD)
                .order_by("pk")
            ):
                self.members[member.household_id].append(member)
        self.classifications: dict[tuple[int, int], Classification] = {
            (c.household_id, c.year): c
            for c in Classification.objects.filter(household__commune=commune, year__in=years or {0})
        }
        # Everyone in the country holding one of the file's ID numbers.
        self.id_owners: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        id_list = sorted(ids)
        for start in range(0, len(id_list), 2000):
            for number, household_id, commune_id, name, code in Member.objects.filter(
                id_number__in=id_list[start : start + 2000]
            ).values_list(
                "id_number", "household_id", "household__commune_id", "full_name", "household__code"
            ):
                self.id_owners[number].append((household_id, commune_id, name, code))
        self.standards = list(PovertyStandard.objects.all())
        self._codes = set(self.by_code)
        self._next_code = len(self._codes) + 1

    @functools.cache  # noqa: B019 (one registry per preview; few distinct names)
    def village(self, name: str) -> Village | None:
        for index, name_key in ((self.by_full_key, V.key(name)), (self.by_short_key, V.village_key(name))):
            found = index.get(name_key, [])
            if len(found) == 1:
                return found[0]
        return None

    def standard_for(self, year: int) -> PovertyStandard | None:
        matching = [
            s
            for s in self.standards
            if s.valid_from_year <= year and (s.valid_to_year is None or year <= s.valid_to_year)
        ]
        return max(matching, key=lambda s: s.valid_from_year) if matching else None

    def new_code(self) -> str:
        """A free household code of the form <commune code>-00001."""
        while True:
            code = f"{self.commune.code}-{self._next_code:05d}"
            self._next_code += 1
            if code not in self._codes:
                self._codes.add(code)
                return code

    def reserve_code(self, code: str) -> None:
        self._codes.add(code)


# ---- reading one row --------------------------------------------------------------------
def _where(layout: Layout, column_key: str) -> str:
    column = BY_KEY[column_key]
    index = layout.columns.get(column_key)
    if index is None:
        return str(column.label)
    return _("%(label)s (cột %(letter)s)") % {"label": column.label, "letter": column_letter(index)}


class RowReader:
    """Turns one data row into normalised values, recording problems against the row."""

    def __init__(self, layout: Layout, problems: list[Problem]):
        self.layout = layout
        self.problems = problems

    def read(self, row: DataRow) -> dict[str, object]:
        values: dict[str, object] = {}
        for column_key, raw in row.cells.items():
            notes: list[str] = []
            try:
                self._read_cell(column_key, raw, values, notes)
            except V.Invalid as problem:
                self.problems.append(Problem(row.number, _where(self.layout, column_key), str(problem)))
            for note in notes:
                self.problems.append(
                    Problem(row.number, _where(self.layout, column_key), note, blocking=False)
                )
        return values

    def _read_cell(self, column_key: str, raw: object, values: dict, notes: list[str]) -> None:
        match column_key:
            case "stt":
                return
            case "code":
                values["code"] = V.bounded(V.text(raw), 40)
            case "head_name":
                values["head_name"] = V.person_name(raw)
            case "village":
                values["village"] = V.text(raw)
            case "relationship":
                values["relationship"] = V.relationship(raw)
            case "birth":
                self._birth(values, *V.date_or_year(raw, notes))
            case "birth_male" | "birth_female":
                birth_date, birth_year = V.date_or_year(raw, notes)
                if birth_year:
                    self._birth(values, birth_date, birth_year)
                    values["sex"] = Member.Sex.MALE if column_key == "birth_male" else Member.Sex.FEMALE
            case "sex":
                if sex := V.sex(raw):
                    values["sex"] = sex
            case "id_number":
                number, kind = V.id_number(raw, notes)
                if number:
                    values["id_number"], values["id_kind"] = number, kind
            case "ethnicity":
                ethnicity = V.bounded(V.text(raw), 50)
                values["ethnicity"] = ethnicity[:1].upper() + ethnicity[1:]
            case "address" | "poverty_cause" | "notes":
                values[column_key] = V.bounded(V.text(raw), HOUSEHOLD_TEXT_LIMITS[column_key])
            case "phone":
                values["phone"] = V.bounded(V.phone(raw, notes), 20)
            case "area":
                values["area"] = V.area(raw)
            case "category":
                values["category"] = V.category(raw)
            case "review_year":
                values["review_year"] = V.year(raw)
            case "decision_number":
                values["decision_number"] = V.bounded(V.text(raw), 60)
            case "decision_date":
                values["decision_date"] = V.decision_date(raw, notes)
            case "income":
                values["income_per_capita"] = V.whole_number(raw, maximum=1_000_000_000)
            case "b1_score":
                values["b1_score"] = V.whole_number(raw, maximum=1000)
            case "deprivations":
                values["deprivations_raw"] = raw
            case _ if column_key in FLAGS:
                values[column_key] = V.flag(raw)
            case _ if column_key in MARKS:
                if V.flag(raw):
                    values.setdefault("marks", []).append(MARKS[column_key])

    @staticmethod
    def _birth(values: dict, birth_date: dt.date | None, birth_year: int | None) -> None:
        if birth_year:
            values["birth_date"], values["birth_year"] = birth_date, birth_year


# ---- the preview ------------------------------------------------------------------------
def build_preview(data: bytes, options: ImportOptions) -> Preview:
    """Read the file and say what importing it would do. Writes nothing."""
    preview = Preview(options=options, checksum=checksum_of(data))
    try:
        sheets = read_sheets(data)
    except Unreadable as problem:
        preview.problems.append(Problem(None, "", str(problem)))
        return preview
    layout, encoding = _best_layout(sheets)
    if layout is None:
        preview.problems.append(
            Problem(
                None,
                "",
                _(
                    "Không tìm thấy dòng tiêu đề của danh sách: cần ít nhất cột “Họ và tên chủ hộ” và một cột "
                    "khác (Thôn/Tổ, Số CCCD, Phân loại hộ…). Hãy dùng tệp mẫu nếu chưa chắc."
                ),
            )
        )
        return preview
    preview.sheet_name = layout.sheet.name
    preview.header_row = layout.header_start + 1
    preview.encoding = max(encoding, key=lambda e: len(encoding[e])) if encoding else None
    preview.legacy_columns = {e: [column_letter(c) for c in columns] for e, columns in encoding.items()}
    preview.columns = [
        (str(BY_KEY[k].label), column_letter(i), layout.headers.get(i, "")) for k, i in layout.columns.items()
    ]
    preview.ignored_columns = [(column_letter(i), h) for i, h in layout.ignored + layout.duplicates]
    if encoding:
        preview.problems.append(Problem(None, "", _encoding_note(preview.legacy_columns), blocking=False))
    _plan_rows(preview, layout)
    preview.previous_import = (
        AuditEntry.objects.filter(
            action=IMPORT_ACTION, commune=options.commune, data__checksum=preview.checksum
        )
        .select_related("actor")
        .first()
    )
    preview.problems.sort(key=lambda p: (p.row or 0, not p.blocking))
    return preview


def _encoding_note(legacy_columns: dict[str, list[str]]) -> str:
    names = {"tcvn3": _("TCVN3 (ABC, phông .VnTime)"), "vni": _("VNI (phông VNI-Times)")}
    where = "; ".join(
        _("%(name)s ở cột %(columns)s") % {"name": names[e], "columns": ", ".join(columns)}
        for e, columns in sorted(legacy_columns.items())
    )
    return _(
        "Tệp có chữ gõ bằng bảng mã cũ %(where)s: chữ đã được chuyển sang Unicode. "
        "Hãy kiểm tra lại họ tên trong bản xem trước trước khi nhập."
    ) % {"where": where}


def _best_layout(sheets) -> tuple[Layout | None, dict[str, list[int]]]:
    best: tuple[Layout | None, dict[str, list[int]]] = (None, {})
    for sheet in sheets:
        encoding = convert_legacy_text(sheet)
        layout = find_layout(sheet)
        if layout is not None and (best[0] is None or layout.score > best[0].score):
            best = (layout, encoding)
    return best


def _plan_rows(preview: Preview, layout: Layout) -> None:
    options = preview.options
    default_year = options.year or timezone.localdate().year
    problems = preview.problems
    reader = RowReader(layout, problems)
    rows: list[tuple[DataRow, dict]] = []
    members: dict[int, list[tuple[DataRow, dict]]] = {}  # head's row number → its member rows
    head: DataRow | None = None
    for row in data_rows(layout):
        row_values = reader.read(row)
        if _is_member_row(layout, row, row_values, head):
            if head is None:
                problems.append(
                    Problem(
                        row.number,
                        _where(layout, "relationship") if "relationship" in layout.columns else "",
                        _("Dòng thành viên nhưng phía trên không có dòng chủ hộ của hộ này."),
                    )
                )
            else:
                members[head.number].append((row, row_values))
            continue
        if row_values.get("head_name") == EXAMPLE_NAME and row_values.get("id_number") == EXAMPLE_ID:
            problems.append(Problem(row.number, "", _("Dòng ví dụ của tệp mẫu: bỏ qua."), blocking=False))
            head = None
            continue
        head = row
        members[row.number] = []
        rows.append((row, row_values))
    _report_unplaced(preview, layout)
    if not rows:
        problems.append(Problem(None, "", _("Không có dòng hộ nào dưới dòng tiêu đề.")))
        return
    member_rows = [m for group in members.values() for m in group]
    ids = {str(v["id_number"]) for _r, v in rows + member_rows if v.get("id_number")}
    years = {int(v.get("review_year") or default_year) for _r, v in rows}
    registry = Registry(options, ids, years, with_members=bool(member_rows))
    for _r, row_values in rows:
        if row_values.get("code"):
            registry.reserve_code(str(row_values["code"]))
    Planner(preview, layout, registry, default_year, members).plan(rows)


def _is_member_row(layout: Layout, row: DataRow, row_values: dict, head: DataRow | None) -> bool:
    """A row describing a member of the household above it, in lists with one row per person.

    Either the relationship column says so ("Vợ", "Con"… anything but "Chủ hộ"), or, with no
    relationship written, the list numbers its households (STT) and this row has no number and
    no category of its own while the row of its head has one.
    """
    relationship = row_values.get("relationship")
    if relationship:
        return relationship != Member.Relationship.HEAD
    if head is None or "stt" not in layout.columns:
        return False
    if row_values.get("category") or row_values.get("marks") or row_values.get("code"):
        return False
    return not V.text(row.cells.get("stt")) and bool(V.text(head.cells.get("stt")))


def _report_unplaced(preview: Preview, layout: Layout) -> None:
    """Say, before anything is written, which columns hold data the import will not take: a
    list imported without its CCCD column is a loss a commune notices only much later."""
    unused = dict(layout.ignored + layout.duplicates)
    for index, (row_number, value) in sorted(layout.unplaced.items()):
        header = unused.get(index, "")
        if index not in unused:
            preview.ignored_columns.append((column_letter(index), ""))
        facts = {
            "letter": column_letter(index),
            "header": header,
            "row": row_number,
            "value": V.text(value)[:40],
        }
        if header:
            message = _(
                "Cột %(letter)s “%(header)s” có dữ liệu (ví dụ dòng %(row)s: “%(value)s”) nhưng không được "
                "nhập: phần mềm không biết cột này ứng với thông tin nào (hoặc đã có một cột khác cùng "
                "thông tin). Nếu cần nhập, đặt lại tiêu đề cột theo tệp mẫu rồi tải lên lại."
            )
        else:
            message = _(
                "Cột %(letter)s không có tiêu đề nhưng có dữ liệu (ví dụ dòng %(row)s: “%(value)s”): cột "
                "này sẽ không được nhập. Nếu cần nhập, ghi tiêu đề cột theo tệp mẫu rồi tải lên lại."
            )
        preview.problems.append(
            Problem(
                None, _("Cột %(letter)s") % {"letter": column_letter(index)}, message % facts, blocking=False
            )
        )
    preview.ignored_columns.sort(key=lambda c: (len(c[0]), c[0]))


class Planner:
    def __init__(
        self,
        preview: Preview,
        layout: Layout,
        registry: Registry,
        default_year: int,
        members: dict[int, list[tuple[DataRow, dict]]] | None = None,
    ):
        self.members = members or {}
        self.seen_ids: dict[str, int] = {}
        self.preview = preview
        self.layout = layout
        self.registry = registry
        self.default_year = default_year
        self.problems = preview.problems
        self.has_village_column = "village" in layout.columns

    def error(self, row: int, column_key: str | None, message: str, blocking: bool = True) -> None:
        where = _where(self.layout, column_key) if column_key else ""
        self.problems.append(Problem(row, where, message, blocking))

    def plan(self, rows: list[tuple[DataRow, dict]]) -> None:
        registry = self.registry
        seen_codes: dict[str, int] = {}
        seen_ids = self.seen_ids
        seen_households: dict[int, int] = {}
        by_name: list[tuple[DataRow, dict, Village]] = []
        matched: list[tuple[DataRow, dict, Village, Household | None]] = []
        for row, row_values in rows:
            problems_before = len(self.problems)
            if not row_values.get("head_name", "-"):  # absent: refused already, with its reason
                self.error(row.number, "head_name", _("Thiếu họ và tên chủ hộ."))
            village = self._village(row, row_values)
            code = str(row_values.get("code") or "")
            number = str(row_values.get("id_number") or "")
            if code:
                if code in seen_codes:
                    self.error(
                        row.number,
                        "code",
                        _("Mã hộ “%(c)s” trùng với dòng %(r)s.") % {"c": code, "r": seen_codes[code]},
                    )
                seen_codes.setdefault(code, row.number)
            if number:
                if number in seen_ids:
                    self.error(
                        row.number,
                        "id_number",
                        _("Số CCCD trùng với dòng %(r)s của tệp.") % {"r": seen_ids[number]},
                    )
                seen_ids.setdefault(number, row.number)
            # A row with a code is that household or a new one; only rows without a code match by CCCD.
            household = registry.by_code.get(code) if code else None
            if household is None and not code and number and (head := registry.head_by_id.get(number)):
                household = registry.households[head.household_id]
            if household is not None:
                if household.pk in seen_households:
                    self.error(
                        row.number,
                        None,
                        _("Dòng này và dòng %(r)s cùng là hộ %(h)s.")
                        % {"r": seen_households[household.pk], "h": household},
                    )
                seen_households.setdefault(household.pk, row.number)
                if household.village_id not in registry.allowed:
                    self.error(
                        row.number,
                        None,
                        _("Hộ %(h)s thuộc thôn/tổ khác: bạn không được sửa hộ này.") % {"h": household},
                    )
            if number:
                self._check_id_owner(row, number, household)
            if village is None or any(p.blocking for p in self.problems[problems_before:]):
                continue
            if household is None and not code and not number:
                by_name.append((row, row_values, village))
            else:
                matched.append((row, row_values, village, household))
        matched += self._match_by_name(by_name, seen_households)
        for row, row_values, village, household in sorted(matched, key=lambda m: m[0].number):
            self._plan(row, row_values, village, household)

    def _village(self, row: DataRow, row_values: dict) -> Village | None:
        registry = self.registry
        name = str(row_values.get("village") or "")
        column_key: str | None = "village"
        if not name and row.group_village:
            name, column_key = row.group_village, None
        if not name and self.preview.options.default_village is not None:
            return self._allowed(row, self.preview.options.default_village, column_key)
        if not name:
            self.error(
                row.number,
                "village" if self.has_village_column else None,
                _(
                    "Không xác định được thôn/tổ: ghi tên thôn/tổ vào cột “Thôn/Tổ” hoặc chọn thôn khi tải tệp lên."
                ),
            )
            return None
        village = registry.village(name)
        if village is None:
            message = _("Không có thôn/tổ “%(v)s” trong %(c)s.") % {"v": name, "c": registry.commune.name}
            if column_key is None:
                message += " " + _("(tên thôn lấy từ dòng nhóm %(r)s)") % {"r": row.group_row}
            self.error(row.number, column_key, message)
            return None
        return self._allowed(row, village, column_key)

    def _allowed(self, row: DataRow, village: Village, column_key: str | None) -> Village | None:
        if village.pk not in self.registry.allowed:
            self.error(
                row.number,
                column_key,
                _("Bạn không được nhập hộ của %(v)s: chỉ nhập hộ thuộc thôn/tổ mình phụ trách.")
                % {"v": village.name},
            )
            return None
        return village

    def _check_id_owner(self, row: DataRow, number: str, household: Household | None) -> None:
        for owner_household, owner_commune, owner_name, owner_code in self.registry.id_owners.get(number, []):
            if household is not None and owner_household == household.pk:
                continue
            if owner_commune == self.registry.commune.pk:
                message = _("Số CCCD đã có trong hệ thống: %(name)s, hộ mã %(code)s.") % {
                    "name": owner_name,
                    "code": owner_code,
                }
            else:
                message = _("Số CCCD đã có trong hệ thống ở một hộ thuộc xã/phường khác.")
            self.error(row.number, "id_number", message)
            return

    def _match_by_name(self, rows, seen_households) -> list:
        """Rows without code or CCCD: the k-th row named X (born Y) in a village is the k-th such household.

        Keeps re-importing a file without codes and ID numbers from creating the households twice.
        """
        registry = self.registry
        existing: dict[tuple, list[Household]] = defaultdict(list)
        for household in sorted(registry.households.values(), key=lambda h: h.pk):
            if household.pk in seen_households:
                continue
            head = registry.heads.get(household.pk)
            existing[
                (household.village_id, search_key(household.head_name), head.birth_year if head else None)
            ].append(household)
        names_in_village: dict[tuple[int, str], list[Household]] = defaultdict(list)
        for household in registry.households.values():
            names_in_village[(household.village_id, search_key(household.head_name))].append(household)
        result = []
        seen_in_file: dict[tuple[int, str], int] = {}
        for row, row_values, village in rows:
            name_key = search_key(str(row_values.get("head_name", "")))
            candidates = existing.get((village.pk, name_key, row_values.get("birth_year")), [])
            household = candidates.pop(0) if candidates else None
            if household is None:
                similar = names_in_village.get((village.pk, name_key), [])
                if similar:
                    self.error(
                        row.number,
                        "head_name",
                        _("Trong %(v)s đã có hộ tên gần giống: %(h)s. Kiểm tra xem có trùng hộ không.")
                        % {"v": village.name, "h": ", ".join(str(h) for h in similar[:3])},
                        blocking=False,
                    )
                elif (village.pk, name_key) in seen_in_file:
                    self.error(
                        row.number,
                        "head_name",
                        _("Tên chủ hộ gần giống dòng %(r)s cùng thôn. Kiểm tra xem có trùng hộ không.")
                        % {"r": seen_in_file[(village.pk, name_key)]},
                        blocking=False,
                    )
            seen_in_file.setdefault((village.pk, name_key), row.number)
            result.append((row, row_values, village, household))
        return result

    # -- one row's plan --
    def _plan(self, row: DataRow, row_values: dict, village: Village, household: Household | None) -> None:
        registry = self.registry
        year = int(row_values.get("review_year") or self.default_year)
        standard = registry.standard_for(year)
        category = row_values.get("category") or ""
        marks = row_values.get("marks", [])
        if not category and marks:
            if len(marks) > 1:
                self.error(row.number, None, _("Hộ được đánh dấu ở nhiều cột phân loại cùng lúc."))
                return
            category = marks[0]
        household_values = {
            k: row_values[k]
            for k in ("head_name", "code", "address", "ethnicity", "phone", "area", "poverty_cause", "notes")
            if row_values.get(k)
        }
        household_values.update({k: row_values[k] for k in FLAGS if row_values.get(k) is not None})
        household_values["village"] = village
        if "is_female_headed" not in self.layout.columns and row_values.get("sex"):
            household_values["is_female_headed"] = row_values["sex"] == Member.Sex.FEMALE
        if "is_ethnic_minority" not in self.layout.columns and row_values.get("ethnicity"):
            household_values["is_ethnic_minority"] = V.key(row_values["ethnicity"]) != "kinh"
        head_values = {
            k: row_values[k] for k in ("id_number", "id_kind", "sex", "ethnicity") if row_values.get(k)
        }
        if row_values.get("birth_year"):
            head_values["birth_date"] = row_values.get("birth_date")
            head_values["birth_year"] = row_values["birth_year"]
        classification_values = {
            k: row_values[k]
            for k in ("income_per_capita", "b1_score", "decision_number", "decision_date")
            if row_values.get(k) not in (None, "")
        }
        if "deprivations_raw" in row_values and V.text(row_values["deprivations_raw"]):
            codes = [str(i["code"]) for i in standard.indicators] if standard else []
            try:
                classification_values["deprivations"] = V.deprivations(row_values["deprivations_raw"], codes)
            except V.Invalid as problem:
                self.error(row.number, "deprivations", str(problem))
                return
        if category:
            classification_values["category"] = category
        existing_classification = registry.classifications.get((household.pk, year)) if household else None
        if classification_values and not category and existing_classification is None:
            self.error(
                row.number,
                "category",
                _(
                    "Không có phân loại hộ năm %(y)s: bỏ qua thu nhập, điểm B1, số/ngày quyết định của dòng này."
                )
                % {"y": year},
                blocking=False,
            )
            classification_values = {}
        if classification_values:
            classification_values["standard"] = standard
        if category and standard is not None:
            self._check_against_standard(
                row, row_values, year, standard, category, household, classification_values
            )
        if household is None:
            if not household_values.get("code"):
                household_values["code"] = registry.new_code()
            plan = Plan(
                row.number,
                CREATE,
                village,
                None,
                household_values,
                None,
                head_values,
                year,
                None,
                classification_values,
            )
            self._plan_members(plan, row)
            self.preview.plans.append(plan)
            return
        head = registry.heads.get(household.pk)
        plan = Plan(
            row.number, UNCHANGED, village, household, {}, head, {}, year, existing_classification, {}
        )
        plan.household_values = self._diff(plan, household, household_values, "")
        if head is None:
            plan.head_values = head_values
            plan.changes.append(
                Change(
                    "chu_ho",
                    _("Chủ hộ (thành viên)"),
                    "",
                    household_values.get("head_name") or household.head_name,
                )
            )
        else:
            # The "Dân tộc" column is the household's; a known head keeps their own entry.
            head_values.pop("ethnicity", None)
            if household_values.get("head_name"):
                head_values["full_name"] = household_values["head_name"]
            if (
                head.birth_date
                and head_values.get("birth_date") is None
                and head_values.get("birth_year") == head.birth_year
            ):
                head_values.pop("birth_date", None)  # a bare year does not erase a known full date
            plan.head_values = self._diff(plan, head, head_values, "chu_ho.")
        if existing_classification is None:
            if classification_values:
                plan.classification_values = classification_values
                plan.changes.append(
                    Change(f"phan_loai_{year}.category", _("Phân loại năm %(y)s") % {"y": year}, "", category)
                )
        else:
            plan.classification_values = self._diff(
                plan, existing_classification, classification_values, f"phan_loai_{year}."
            )
        self._plan_members(plan, row)
        if plan.changes:
            plan.action = UPDATE
        self.preview.plans.append(plan)

    def _plan_members(self, plan: Plan, head_row: DataRow) -> None:
        """The member rows under a head: each is a known member of the household (by CCCD, else
        by name and birth year, else by name) whose changed fields are updated, or a new one.
        Members the list leaves out stay: a list is not the registry's whole truth."""
        rows = self.members.get(head_row.number, [])
        if not rows:
            return
        household = plan.household
        unmatched = list(self.registry.members.get(household.pk, [])) if household else []
        for row, row_values in rows:
            name = row_values.get("head_name", "-")
            if not name:
                self.error(row.number, "head_name", _("Thiếu họ và tên thành viên."))
                continue
            if name == "-":
                continue  # refused already, with its reason
            values: dict[str, object] = {"full_name": name}
            if row_values.get("relationship"):  # a list without one leaves a known relationship alone
                values["relationship"] = row_values["relationship"]
            values |= {
                k: row_values[k] for k in ("id_number", "id_kind", "sex", "ethnicity") if row_values.get(k)
            }
            if row_values.get("birth_year"):
                values["birth_date"] = row_values.get("birth_date")
                values["birth_year"] = row_values["birth_year"]
            number = str(values.get("id_number") or "")
            if number:
                if number in self.seen_ids:
                    self.error(
                        row.number,
                        "id_number",
                        _("Số CCCD trùng với dòng %(r)s của tệp.") % {"r": self.seen_ids[number]},
                    )
                    continue
                self.seen_ids[number] = row.number
                problems_before = len(self.problems)
                self._check_id_owner(row, number, household)
                if len(self.problems) > problems_before:
                    continue
            member = _match_member(unmatched, values)
            if member is None:
                values.setdefault("relationship", Member.Relationship.OTHER)
                plan.members.append(MemberPlan(row.number, None, values))
                plan.changes.append(
                    Change(f"thanh_vien.moi_dong_{row.number}", _("Thành viên mới"), "", name)
                )
                continue
            unmatched.remove(member)
            if (
                member.birth_date
                and values.get("birth_date") is None
                and values.get("birth_year") == member.birth_year
            ):
                values.pop("birth_date", None)  # a bare year does not erase a known full date
            before = len(plan.changes)
            changed = self._diff(plan, member, values, f"thanh_vien.{member.full_name}.")
            for change in plan.changes[before:]:
                label = _("Họ và tên") if change.field.endswith(".full_name") else change.label
                change.label = f"{label} ({member.full_name})"
                if change.field.endswith(".relationship"):
                    change.old, change.new = (Member.Relationship(v).label for v in (change.old, change.new))
            if changed:
                plan.members.append(MemberPlan(row.number, member, changed))

    def _check_against_standard(
        self, row, row_values, year, standard, category, household, classification_values
    ) -> None:
        """A category the year's standard does not give for the row's income and deprivation
        count is a warning on the row: the officer sees why before confirming the import."""
        if "deprivations" in classification_values:
            deprivations = classification_values["deprivations"]
        else:
            deprivations = [] if "deprivations" in self.layout.columns else None
        area = row_values.get("area") or (household.area if household else Household.Area.RURAL)
        message = standard.disagreement(
            year=year,
            area=area,
            category=category,
            income=row_values.get("income_per_capita"),
            deprivations=deprivations,
        )
        if message:
            self.error(row.number, "category", message, blocking=False)

    def _diff(self, plan: Plan, obj, new_values: dict, prefix: str) -> dict:
        changed = {}
        for name, value in new_values.items():
            if name in ("village", "standard"):  # compare ids: no query per row
                old_id = getattr(obj, f"{name}_id")
                if old_id != (value.pk if value is not None else None):
                    changed[name] = value
                    if name == "village":
                        old = self.registry.village_by_id.get(old_id)
                        plan.changes.append(Change(prefix + name, _label(name), old, value))
                continue
            old = getattr(obj, name)
            if name == "deprivations" and sorted(old or []) == sorted(value or []):
                continue  # the same indicators listed in another order are no change
            if old != value:
                changed[name] = value
                if name in ("id_kind", "birth_date", "birth_year"):
                    continue  # shown with the field they go with
                plan.changes.append(Change(prefix + name, _label(name), old, value))
        if "birth_date" in changed or "birth_year" in changed:
            old_birth = obj.birth_date or obj.birth_year
            new_birth = new_values.get("birth_date") or new_values.get("birth_year")
            plan.changes.append(Change(prefix + "birth", _label("birth_date"), old_birth, new_birth))
        return changed


def _match_member(candidates: list[Member], values: dict) -> Member | None:
    """The known member a row describes: same CCCD; else same name and birth year; else the
    household's only member of that name."""
    number = values.get("id_number")
    if number:
        for member in candidates:
            if member.id_number == number:
                return member
    name_key = search_key(str(values["full_name"]))
    # A member holding another CCCD than the row's is someone else of the same name.
    same_name = [
        m for m in candidates if search_key(m.full_name) == name_key and not (number and m.id_number)
    ]
    year = values.get("birth_year")
    for member in same_name:
        if member.birth_year == year:
            return member
    # One person of that name in the household: the row corrects their birth year.
    return same_name[0] if len(same_name) == 1 else None


_LABELS = {
    "head_name": "head_name",
    "full_name": "head_name",
    "code": "code",
    "village": "village",
    "address": "address",
    "ethnicity": "ethnicity",
    "phone": "phone",
    "area": "area",
    "poverty_cause": "poverty_cause",
    "notes": "notes",
    "id_number": "id_number",
    "sex": "sex",
    "birth_date": "birth",
    "relationship": "relationship",
    "category": "category",
    "income_per_capita": "income",
    "b1_score": "b1_score",
    "deprivations": "deprivations",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
    **{f: f for f in FLAGS},
}


def _label(name: str) -> str:
    return str(BY_KEY[_LABELS[name]].label) if name in _LABELS else name


# ---- apply ------------------------------------------------------------------------------
@transaction.atomic
def apply_import(preview: Preview, *, by: User | None) -> ImportResult:
    """Write a clean preview: create and update households, heads and classifications in bulk.

    All or nothing (one transaction). Audits one `household.imported` entry on the commune
    (file name, SHA-256 checksum, counts) and one entry per created or updated household, so
    its page shows what the import changed. Raises ImportRefused if the preview has errors.
    """
    if preview.blocked:
        raise ImportRefused(preview)
    commune = preview.options.commune
    now = timezone.now()
    creates = [p for p in preview.plans if p.action == CREATE]
    updates = [p for p in preview.plans if p.action == UPDATE]
    if not creates and not updates:
        return ImportResult(0, 0, preview.count(UNCHANGED), None)

    new_households = []
    for plan in creates:
        values = plan.household_values
        household = Household(commune=commune, **values)
        new_households.append(household)
    _insert(new_households)
    ids = {}
    codes = [h.code for h in new_households if h.pk is None]
    for start in range(0, len(codes), 2000):
        ids.update(
            Household.objects.filter(commune=commune, code__in=codes[start : start + 2000]).values_list(
                "code", "pk"
            )
        )
    for household in new_households:
        household.pk = household.pk or ids[household.code]
    new_members, new_classifications = [], []
    for plan, household in zip(creates, new_households, strict=True):
        plan.household = household
        new_members.append(_head(household, plan.head_values))
        new_members += [_member(household, m.values) for m in plan.members]
        if plan.classification_values:
            new_classifications.append(
                Classification(household=household, year=plan.year, **plan.classification_values)
            )

    changed_households, household_fields = [], set()
    changed_heads, head_fields = [], set()
    changed_classifications, classification_fields = [], set()
    for plan in updates:
        household = plan.household
        if plan.household_values:
            for name, value in plan.household_values.items():
                setattr(household, name, clean(value) if isinstance(value, str) else value)
            household.updated_at = now
            household_fields |= set(plan.household_values) | {"updated_at"}
            changed_households.append(household)
        if plan.head is None:
            new_members.append(_head(household, plan.head_values))
        elif plan.head_values:
            for name, value in plan.head_values.items():
                setattr(plan.head, name, value)
            plan.head.search_key = search_key(plan.head.full_name)
            head_fields |= set(plan.head_values) | {"search_key"}
            changed_heads.append(plan.head)
        for member_plan in plan.members:
            if member_plan.member is None:
                new_members.append(_member(household, member_plan.values))
            else:
                for name, value in member_plan.values.items():
                    setattr(member_plan.member, name, value)
                member_plan.member.search_key = search_key(member_plan.member.full_name)
                head_fields |= set(member_plan.values) | {"search_key"}
                changed_heads.append(member_plan.member)
        if plan.classification is None:
            if plan.classification_values:
                new_classifications.append(
                    Classification(household=household, year=plan.year, **plan.classification_values)
                )
        elif plan.classification_values:
            for name, value in plan.classification_values.items():
                setattr(plan.classification, name, value)
            classification_fields |= set(plan.classification_values)
            changed_classifications.append(plan.classification)

    if changed_households:
        Household.objects.bulk_update(changed_households, sorted(household_fields), batch_size=500)
    if changed_heads:
        Member.objects.bulk_update(changed_heads, sorted(head_fields), batch_size=500)
    if changed_classifications:
        Classification.objects.bulk_update(
            changed_classifications, sorted(classification_fields), batch_size=500
        )
    _insert(new_members)
    _insert(new_classifications)
    # The list searches one key built from the head, the code and every member (names and
    # CCCD): rebuild it the same way the registry's own services do.
    refresh_search_keys(new_households + [plan.household for plan in updates])
    review_version.changed([commune.pk])  # bulk writes send no signals

    entry = audit.record(
        by,
        commune,
        IMPORT_ACTION,
        in_commune=commune,
        file=preview.file_name,
        checksum=preview.checksum,
        sheet=preview.sheet_name,
        created=len(creates),
        updated=len(updates),
        unchanged=preview.count(UNCHANGED),
    )
    _audit_households(by, preview, updates, entry)
    return ImportResult(len(creates), len(updates), preview.count(UNCHANGED), entry)


def _insert(objects: list) -> None:
    """INSERT new rows in bulk. Primary keys may or may not be set on the objects afterwards.

    On SQLite, `bulk_create` compiles SQL for every value it inserts, which made it most of a
    10,000-row import's time; here one multi-row statement is built per batch size and the
    driver gets plain parameters. Field preparation (`pre_save`, `get_db_prep_save`) is Django's
    own, so defaults, auto_now and JSON behave as with `save()`.
    """
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor == "postgresql":
        # Django already inserts through UNNEST on PostgreSQL: one compact statement per batch.
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    one_row = "({})".format(", ".join(["%s"] * len(fields)))
    batch = max(1, min(500, connection.ops.bulk_batch_size(fields, objects)))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk for f in fields]
            cursor.execute(head + ", ".join([one_row] * len(chunk)), params)


def _head(household: Household, values: dict) -> Member:
    member = Member(
        household=household,
        full_name=household.head_name,
        relationship=Member.Relationship.HEAD,
        **{k: v for k, v in values.items() if k != "full_name"},
    )
    member.search_key = search_key(member.full_name)
    return member


def _member(household: Household, values: dict) -> Member:
    member = Member(household=household, **values)
    member.search_key = search_key(member.full_name)
    return member


def _audit_households(by: User | None, preview: Preview, updates: list[Plan], entry) -> None:
    """One trail entry per updated household with its changes, written in bulk. Created
    households are covered by the import's own entry."""
    source = {"nguon": "import", "tep": preview.file_name, "lan_nhap": entry.pk}
    audit.record_many(
        by,
        "household.updated",
        (
            (
                plan.household,
                {
                    "changes": {c.field: [display(c.old), display(c.new)] for c in plan.changes},
                    **source,
                    "dong": plan.row,
                },
            )
            for plan in updates
        ),
    )


def import_file(
    data: bytes, options: ImportOptions, *, by: User | None, dry_run: bool = False
) -> tuple[Preview, ImportResult | None]:
    """Preview and, unless blocked or a dry run, apply, both in one transaction."""
    with transaction.atomic():
        # Imports into one commune take turns: of two at the same moment, the later previews
        # what the earlier wrote (unchanged rows, "already imported") instead of inserting the
        # same households again and failing on the unique household code.
        Commune.objects.select_for_update().get(pk=options.commune.pk)
        preview = build_preview(data, options)
        if dry_run or preview.blocked:
            return preview, None
        return preview, apply_import(preview, by=by)
