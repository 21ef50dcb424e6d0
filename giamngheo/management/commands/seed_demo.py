"""Build one realistic demo commune: villages, ~400 households, groups and one user per role.

Idempotent: a second run finds the demo commune populated and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from giamngheo import audit, services
from giamngheo.models import Commune, Province, Role, User, Village
from giamngheo.text import search_key
from households import review_version
from households.models import (
    Category,
    Classification,
    CommunityGroup,
    GroupMembership,
    Household,
    Member,
    PovertyStandard,
)

DEMO_COMMUNE_CODE = "19945"  # Xã Phú Vinh, thành phố Huế
DEMO_PASSWORD = "giamngheo@2026"
VILLAGES = ["Thôn Hà Thượng", "Thôn Hà Trữ", "Thôn Diên Đại", "Thôn Phước Linh", "Thôn An Lưu", "Thôn Xuân Ổ"]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
    "Đoàn",
    "Tôn Thất",
]
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Đình"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Diệu"]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Tâm",
    "Phúc",
    "Lộc",
    "Bình",
    "An",
    "Sơn",
    "Hải",
    "Tuấn",
    "Cường",
    "Thắng",
    "Nam",
    "Long",
    "Quý",
    "Tài",
    "Khánh",
    "Đạt",
    "Toàn",
    "Vinh",
    "Trung",
    "Hiếu",
]
FEMALE_GIVEN = [
    "Hương",
    "Lan",
    "Hoa",
    "Mai",
    "Nga",
    "Thảo",
    "Hạnh",
    "Thủy",
    "Liên",
    "Hằng",
    "Nhung",
    "Yến",
    "Trang",
    "Phượng",
    "Cúc",
    "Đào",
    "Loan",
    "Tuyết",
    "Sương",
    "Ánh",
]
CAUSES = [
    "Thiếu vốn sản xuất",
    "Thiếu đất canh tác",
    "Thiếu lao động",
    "Có người ốm đau, bệnh nặng",
    "Không có phương tiện sản xuất",
    "Thiếu kiến thức làm ăn",
]

# One person per role; the printed table is the demo's front door.
DEMO_USERS = [
    ("quantri", "Quản trị hệ thống", Role.ADMIN, None),
    ("canbo.xa", "Nguyễn Thị Thu Hà", Role.COMMUNE_OFFICER, None),
    ("chutich.xa", "Trần Văn Thành", Role.COMMUNE_LEADER, None),
    ("bcd.xa", "Lê Thị Mỹ Lệ", Role.BCD_MEMBER, None),
    ("mttq.xa", "Hoàng Văn Phước", Role.FRONT_SUPERVISOR, None),
    ("truongthon.hathuong", "Phan Văn Lợi", Role.VILLAGE_HEAD, 0),
    ("truongthon.hatru", "Võ Thị Bích", Role.VILLAGE_HEAD, 1),
    ("captren.tinh", "Đặng Quốc Việt", Role.UPPER_VIEWER, None),
]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một xã với 6 thôn, khoảng 400 hộ và một tài khoản cho mỗi vai trò."

    def handle(self, *args, **options):
        if not Commune.objects.filter(code=DEMO_COMMUNE_CODE).exists():
            call_command("load_places", province="46", stdout=self.stdout)
        commune = Commune.objects.get(code=DEMO_COMMUNE_CODE)
        if commune.villages.exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn; không thay đổi gì.")
        else:
            self.build(commune)
        self.print_logins()

    @transaction.atomic
    def build(self, commune: Commune) -> None:
        rng = random.Random(2026)
        commune.historical_district = "Huyện Phú Vang"
        commune.reports_to = Commune.ReportsTo.PROVINCE
        commune.reports_to_name = "Sở Nông nghiệp và Môi trường thành phố Huế"
        commune.save(update_fields=["historical_district", "reports_to", "reports_to_name"])
        villages = [services.create_village(commune, by=None, name=name) for name in VILLAGES]
        self.create_users(commune, villages)
        self.create_signatories(commune)
        households = self.create_households(commune, villages, rng)
        self.create_groups(villages, households, rng)
        self.index_households(households)
        self.create_projects(commune, villages)
        audit.record(None, commune, "demo.seeded", households=len(households))
        self.stdout.write(f"Đã tạo {len(villages)} thôn và {len(households)} hộ cho {commune.name}.")

    def create_users(self, commune: Commune, villages: list[Village]) -> None:
        for username, name, role, village_index in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            place = {}
            if role == Role.VILLAGE_HEAD:
                place = {"village": villages[village_index]}
            elif role == Role.UPPER_VIEWER:
                place = {"province": Province.objects.get(pk=commune.province_id)}
            elif role != Role.ADMIN:
                place = {"commune": commune}
            user = services.create_account(
                by=None, username=username, full_name=name, password=DEMO_PASSWORD, role=role, **place
            )
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])

    def create_signatories(self, commune: Commune) -> None:
        """Who signs the demo commune's documents (the commune settings screen edits them)."""
        from giamngheo.documents import services as document_services
        from giamngheo.documents.models import DocumentKind

        kinds = {k.code: k for k in DocumentKind.objects.all()}
        ubnd = [k for k in kinds.values() if k.issuer == DocumentKind.Issuer.UBND]
        signers = [
            ("Trần Văn Thành", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN", ubnd),
            ("Lê Văn Bình", "Phó Chủ tịch", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", ubnd),
            ("Trần Văn Thành", "Trưởng ban", "TM. BAN CHỈ ĐẠO", [kinds["bb_bcd"]]),
            ("Nguyễn Thị Thu Hà", "Thư ký", "", [kinds["bb_bcd"]]),
        ]
        for order, (name, position, authority, signed) in enumerate(signers):
            document_services.save_signatory(
                commune,
                by=None,
                kinds=signed,
                full_name=name,
                position=position,
                authority=authority,
                order=order,
            )

    def person(self, rng: random.Random, sex: str, surname: str | None = None) -> str:
        surname = surname or rng.choice(SURNAMES)
        if sex == Member.Sex.MALE:
            return f"{surname} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
        return f"{surname} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"

    def create_households(
        self, commune: Commune, villages: list[Village], rng: random.Random
    ) -> list[Household]:
        standard_07 = PovertyStandard.objects.filter(code="ND07-2021").first()
        indicator_codes = [i["code"] for i in (standard_07.indicators if standard_07 else [])]
        households, members, classifications = [], [], []
        used_ids: set[str] = set()
        number = 0
        for vi, village in enumerate(villages):
            for _ in range(rng.randint(62, 72)):
                number += 1
                female_head = rng.random() < 0.3
                head_sex = Member.Sex.FEMALE if female_head else Member.Sex.MALE
                surname = rng.choice(SURNAMES)
                head_name = self.person(rng, head_sex, surname)
                minority = rng.random() < 0.08
                household = Household(
                    commune=commune,
                    village=village,
                    code=f"PV-{vi + 1:02d}-{number:04d}",
                    head_name=head_name,
                    address=f"{rng.randint(1, 180)} {village.name.replace('Thôn ', 'đường ')}, {village.name}",
                    ethnicity="Cơ Tu" if minority else "Kinh",
                    is_ethnic_minority=minority,
                    is_female_headed=female_head,
                    is_merit_family=rng.random() < 0.05,
                    no_working_capacity=rng.random() < 0.06,
                    has_disabled_member=rng.random() < 0.07,
                    phone=f"09{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
                )
                household.search_key = search_key(household.head_name, household.code)
                households.append(household)
        Household.objects.bulk_create(households)
        for household in households:
            head_year = rng.randint(1950, 1995)
            head_sex = Member.Sex.FEMALE if household.is_female_headed else Member.Sex.MALE
            people = [(household.head_name, head_year, head_sex, Member.Relationship.HEAD)]
            if rng.random() < 0.8:
                spouse_sex = Member.Sex.MALE if head_sex == Member.Sex.FEMALE else Member.Sex.FEMALE
                people.append(
                    (
                        self.person(rng, spouse_sex),
                        head_year + rng.randint(-4, 4),
                        spouse_sex,
                        Member.Relationship.SPOUSE,
                    )
                )
            surname = household.head_name.split(" ")[0]
            for _ in range(rng.randint(0, 4)):
                sex = rng.choice([Member.Sex.MALE, Member.Sex.FEMALE])
                people.append(
                    (
                        self.person(rng, sex, surname),
                        head_year + rng.randint(20, 35),
                        sex,
                        Member.Relationship.CHILD,
                    )
                )
            for name, year, sex, relationship in people:
                year = min(year, 2024)
                id_number = ""
                if year <= 2012:
                    while not id_number or id_number in used_ids:
                        century = (0 if year < 2000 else 2) + (0 if sex == Member.Sex.MALE else 1)
                        id_number = f"046{century}{year % 100:02d}{rng.randint(0, 999999):06d}"
                    used_ids.add(id_number)
                birth_date = (
                    dt.date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.7 else None
                )
                members.append(
                    Member(
                        household=household,
                        full_name=name,
                        birth_date=birth_date,
                        birth_year=year,
                        sex=sex,
                        relationship=relationship,
                        id_number=id_number,
                        id_kind=Member.IdKind.CCCD if id_number else "",
                        ethnicity=household.ethnicity,
                        search_key=search_key(name),
                    )
                )
            classifications.extend(self.history(household, standard_07, indicator_codes, rng))
        Member.objects.bulk_create(members)
        Classification.objects.bulk_create(classifications)
        review_version.changed({h.commune_id for h in households})  # bulk writes send no signals
        return households

    def history(self, household, standard, indicator_codes, rng: random.Random) -> list[Classification]:
        """Four review years (2022–2025) that move the way real households do."""
        roll = rng.random()
        category = Category.POOR if roll < 0.16 else Category.NEAR_POOR if roll < 0.3 else Category.OTHER
        rows = []
        for year in (2022, 2023, 2024, 2025):
            if year > 2022:
                step = rng.random()
                if category == Category.POOR and step < 0.25:
                    category = Category.ESCAPED_POOR
                elif category == Category.NEAR_POOR and step < 0.25:
                    category = Category.ESCAPED_NEAR_POOR
                elif category in (Category.ESCAPED_POOR, Category.ESCAPED_NEAR_POOR) and step < 0.5:
                    category = Category.MIDDLE
                elif category == Category.OTHER and step < 0.02:
                    category = Category.NEAR_POOR
            poor_like = category in (Category.POOR, Category.NEAR_POOR)
            deprivations = (
                sorted(
                    rng.sample(indicator_codes, 3 if category == Category.POOR else rng.randint(0, 2)),
                    key=int,
                )
                if poor_like and indicator_codes
                else []
            )
            rows.append(
                Classification(
                    household=household,
                    year=year,
                    category=category,
                    standard=standard,
                    income_per_capita=rng.randint(800, 1500) * 1000
                    if poor_like
                    else rng.randint(1600, 4500) * 1000,
                    b1_score=rng.randint(90, 140) if poor_like else rng.randint(150, 220),
                    deprivations=deprivations,
                    decision_number=f"{rng.randint(100, 400)}/QĐ-UBND",
                    decision_date=dt.date(year, 12, rng.randint(15, 28)),
                )
            )
        return rows

    def create_groups(self, villages, households, rng: random.Random) -> None:
        by_village: dict[int, list[Household]] = {}
        for h in households:
            by_village.setdefault(h.village_id, []).append(h)
        memberships = []
        for village in villages:
            pool = by_village[village.pk][:]
            rng.shuffle(pool)
            chosen = pool[:12]
            head = chosen[0]
            group = CommunityGroup.objects.create(
                village=village,
                name=f"Tổ cộng đồng chăn nuôi {village.name.replace('Thôn ', '')}",
                head=head,
                head_name=head.head_name,
                decision_number=f"{rng.randint(10, 99)}/QĐ-UBND",
                decision_date=dt.date(2023, 3, rng.randint(1, 28)),
            )
            memberships.extend(
                GroupMembership(group=group, household=h, joined_on=group.decision_date) for h in chosen
            )
        GroupMembership.objects.bulk_create(memberships)

    def index_households(self, households: list[Household]) -> None:
        """Search keys with every member's name and ID number (the registry's search)."""
        from households.services import refresh_search_keys

        refresh_search_keys(households)

    # ---- support projects (projects/) ---------------------------------------------------------

    def create_projects(self, commune: Commune, villages: list[Village]) -> None:
        """One announced round with an approved project in Hà Thượng and one waiting for the BCĐ
        in Hà Trữ, built through the workflow's services."""
        from projects import demo

        demo.build(commune, villages)
        # The 2025 public list of Hà Thượng, issued as the UBND's notice (it shows in the Sổ văn bản).
        from households import public_notice

        public_notice.issue(villages[0], 2025, by=User.objects.get(username="canbo.xa"))
        from inspections import demo as follow_up

        follow_up.build(commune)

    def print_logins(self) -> None:
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, name, role, _village in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {Role(role).label} — {name}")
        self.stdout.write("")
