"""The small named world every test builds on.

Xã Phú Vinh (our commune) has two villages, Hà Thượng and Hà Trữ, and one person per role.
Xã Phú Hồ is the neighbouring commune: its people and data must stay invisible to ours.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from giamngheo import services
from giamngheo.models import Commune, Province, Role, User, Village
from giamngheo.text import search_key
from households.models import Category, Classification, Household, Member

PASSWORD = "mat-khau-thu-nghiem-2026"


_REFERENCE_ROWS: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the rows the data migrations loaded (document kinds, programs, rule sets, poverty
    standards, report definitions), serialised once, for the teardown hook below to restore."""
    from django.apps import apps
    from django.core import serializers

    ours = ("giamngheo", "documents", "households", "projects", "inspections", "reports")
    with django_db_blocker.unblock():
        rows = [
            obj
            for label in ours
            for model in apps.get_app_config(label).get_models()
            for obj in model._base_manager.order_by("pk")
        ]
        _REFERENCE_ROWS.append(serializers.serialize("json", rows))


def _restore_reference_rows() -> None:
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection

    from giamngheo.documents.models import DocumentKind

    if DocumentKind.objects.exists():
        return
    models = set()
    for row in serializers.deserialize("json", _REFERENCE_ROWS[0]):
        row.save()
        models.add(type(row.object))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (marker is not None and bool(marker.kwargs.get("transaction"))) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The flush that ends a transactional test (browser tests, threads on PostgreSQL) empties
    every table, reference rows included: once its fixtures are torn down, put them back, so no
    test depends on which ran before it, in whatever order a runner or an xdist worker takes them.
    (Django's serialized_rollback cannot do it here: under Playwright's event loop the test runs
    on another connection object than the one that was serialised.)"""
    try:
        return (yield)
    finally:
        # (after the last test the session's teardown has dropped the test database)
        if _REFERENCE_ROWS and nextitem is not None and _transactional(item):
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                _restore_reference_rows()


_PDFS: dict[tuple[str, str], bytes] = {}


@pytest.fixture(autouse=True)
def pdf_written_once_per_html(monkeypatch):
    """WeasyPrint is deterministic in its input, and the world most tests build prints the same
    documents again and again (the proposal, minutes and tờ trình of a project taken to
    approval): write each distinct HTML once per run. Templates still render for every
    document, so what a test reads from a PDF is what its own data made."""
    from giamngheo.documents import pdf

    real = pdf.write_pdf

    def write(html: str, css_path: str) -> bytes:
        key = (html, str(css_path))
        if key not in _PDFS:
            if len(_PDFS) > 2000:
                _PDFS.clear()
            _PDFS[key] = real(html, css_path)
        return _PDFS[key]

    monkeypatch.setattr(pdf, "write_pdf", write)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the dashboard's figures live there), as a freshly
    started server does."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path_factory):
    """Issued documents and uploads a test stores go to a temporary folder, never the work tree."""
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def province(db) -> Province:
    return Province.objects.create(code="46", name="Thành phố Huế")


@pytest.fixture
def other_province(db) -> Province:
    return Province.objects.create(code="48", name="Thành phố Đà Nẵng")


@pytest.fixture
def commune(province) -> Commune:
    return Commune.objects.create(
        code="19945",
        name="Xã Phú Vinh",
        division_type="xã",
        province=province,
        reports_to_name="Sở Nông nghiệp và Môi trường thành phố Huế",
    )


@pytest.fixture
def other_commune(province) -> Commune:
    return Commune.objects.create(code="19918", name="Xã Phú Hồ", division_type="xã", province=province)


@pytest.fixture
def village_a(commune) -> Village:
    return Village.objects.create(commune=commune, name="Thôn Hà Thượng")


@pytest.fixture
def village_b(commune) -> Village:
    return Village.objects.create(commune=commune, name="Thôn Hà Trữ")


@pytest.fixture
def other_village(other_commune) -> Village:
    return Village.objects.create(commune=other_commune, name="Thôn Lê Xá Đông")


def _person(username: str, full_name: str, role: str, **place) -> User:
    return services.create_account(
        by=None, username=username, full_name=full_name, password=PASSWORD, role=role, **place
    )


@pytest.fixture
def officer(commune) -> User:
    return _person("canbo", "Nguyễn Thị Thu Hà", Role.COMMUNE_OFFICER, commune=commune)


@pytest.fixture
def leader(commune) -> User:
    return _person("chutich", "Trần Văn Thành", Role.COMMUNE_LEADER, commune=commune)


@pytest.fixture
def bcd_member(commune) -> User:
    return _person("bcd", "Lê Thị Mỹ Lệ", Role.BCD_MEMBER, commune=commune)


@pytest.fixture
def supervisor(commune) -> User:
    return _person("mttq", "Hoàng Văn Phước", Role.FRONT_SUPERVISOR, commune=commune)


@pytest.fixture
def village_head(village_a) -> User:
    return _person("truongthon.a", "Phan Văn Lợi", Role.VILLAGE_HEAD, village=village_a)


@pytest.fixture
def village_head_b(village_b) -> User:
    return _person("truongthon.b", "Võ Thị Bích", Role.VILLAGE_HEAD, village=village_b)


@pytest.fixture
def upper_viewer(province) -> User:
    return _person("captren", "Đặng Quốc Việt", Role.UPPER_VIEWER, province=province)


@pytest.fixture
def other_officer(other_commune) -> User:
    return _person("canbo.phuho", "Ngô Văn Hậu", Role.COMMUNE_OFFICER, commune=other_commune)


@pytest.fixture
def admin_user(db) -> User:
    user = _person("quantri", "Quản trị hệ thống", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


ROLE_FIXTURES = [
    "officer",
    "leader",
    "bcd_member",
    "supervisor",
    "village_head",
    "upper_viewer",
    "admin_user",
]


@pytest.fixture
def person(request):
    """Parametrise with a fixture name: `@pytest.mark.parametrize("person", ["officer"], indirect=True)`."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def make_household(db, village_a):
    """Build a household (with its head as a member and a classification) in one call.

    Codes count from HO-00001 in every test, so the same world prints the same documents (and the
    PDF cache below renders each once per run)."""
    codes = itertools.count(1)

    def make(
        *, village: Village | None = None, category: str | None = Category.POOR, year: int = 2025, **fields
    ) -> Household:
        village = village or village_a
        n = next(codes)
        values = {
            "commune": village.commune,
            "village": village,
            "code": f"HO-{n:05d}",
            "head_name": "Lò Văn Pâng",
        } | fields
        values["search_key"] = search_key(values["head_name"], values["code"])
        household = Household.objects.create(**values)
        Member.objects.create(
            household=household,
            full_name=household.head_name,
            relationship=Member.Relationship.HEAD,
            birth_year=1975,
            id_number=f"0461750{n:05d}",
            id_kind=Member.IdKind.CCCD,
            search_key=search_key(household.head_name),
        )
        if category:
            Classification.objects.create(
                household=household,
                year=year,
                category=category,
                decision_number="215/QĐ-UBND",
                decision_date=dt.date(year, 12, 20),
            )
        return household

    return make


@pytest.fixture
def household(make_household) -> Household:
    return make_household(head_name="Nguyễn Thị Hương")


# The longest files, started first, so that pytest-xdist's workers finish together instead of one
# running the permission matrix alone at the end (minutes each, measured with --durations).
LONGEST_FIRST = (
    "tests/giamngheo/test_permission_matrix.py",
    "tests/giamngheo/test_permission_matrix_rest.py",
    "tests/browser/test_project_workflow.py",
    "tests/reports/test_inspection_figures.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: every other test keeps the order pytest-django gave it
