"""Random junk in any cell never crashes the importer and never writes a partial import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from households.importing import ImportOptions, ImportRefused, apply_import, build_preview
from households.importing.columns import COLUMNS
from households.models import Classification, Household, Member
from tests.households.fixtures_import import TITLE_ROWS, template_rows, xlsx

pytestmark = pytest.mark.django_db

ROWS = template_rows(
    {
        "code": "A1",
        "head_name": "Nguyễn Văn An",
        "village": "Hà Thượng",
        "id_number": "046175001234",
        "category": "HN",
    },
    {"head_name": "Lê Thị Hoa", "village": "Hà Trữ", "birth": "02/03/1980", "category": "Hộ cận nghèo"},
    {"head_name": "Trần Văn Bình", "village": "Hà Thượng", "income": "1.200.000", "is_merit_family": "x"},
)
WIDTH = len(COLUMNS)

# What people really type into cells, and worse: text in any script (no control characters,
# which .xlsx cannot hold), legacy-looking Latin-1, huge and negative numbers, dates, booleans.
junk = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    st.text(alphabet="¸µ¶·¹¨©ª«¬®§éÌÔÖñöøùûõïâã0123456789/.-() xX", max_size=20),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.booleans(),
    st.sampled_from(["Thôn 1", "TM. ỦY BAN NHÂN DÂN", "(1)", "Tổng cộng", "HN", "31/02/1980", "x", "Chủ hộ"]),
)
edits = st.lists(
    st.tuples(st.integers(0, len(ROWS) + len(TITLE_ROWS) - 1), st.integers(0, WIDTH - 1), junk),
    min_size=1,
    max_size=8,
)


class Rollback(Exception):
    pass


def counts():
    return Household.objects.count(), Member.objects.count(), Classification.objects.count()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=edits, with_titles=st.booleans())
def test_junk_never_crashes_and_never_writes_half_an_import(
    commune, village_a, village_b, officer, edits, with_titles
):
    rows = [list(r) + [None] * (WIDTH - len(r)) for r in (TITLE_ROWS if with_titles else []) + ROWS]
    for r, c, value in edits:
        rows[r % len(rows)][c] = value
    data = xlsx(rows)
    try:
        with transaction.atomic():
            before = counts()
            preview = build_preview(
                data, ImportOptions(commune=commune, user=officer, year=2025, file_name="x.xlsx")
            )
            assert counts() == before  # the preview writes nothing
            if preview.blocked:
                with pytest.raises(ImportRefused):
                    apply_import(preview, by=officer)
                assert counts() == before
            else:
                result = apply_import(preview, by=officer)
                created = result.created
                assert counts()[0] == before[0] + created
                assert counts()[1] == before[1] + created  # every new household has its head
            raise Rollback
    except Rollback:
        pass


@settings(max_examples=200, deadline=None)
@given(head=st.binary(min_size=22, max_size=22), rest=st.binary(min_size=0, max_size=4096))
def test_a_damaged_xls_never_crashes_the_far_cell_guard(head, rest):
    """The guard walks the compound file's chains itself: damaged ones end, never loop or raise."""
    from households.importing.reading import _xls_extents

    # A valid signature and sector sizes (512 / 64 bytes), everything else random.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + head + b"\x09\x00\x06\x00" + rest
    assert isinstance(_xls_extents(data), dict)
