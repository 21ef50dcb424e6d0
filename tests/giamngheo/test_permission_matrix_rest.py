"""The second half of the permission matrix (tests/giamngheo/test_permission_matrix.py has the
table, the world and the first half): its own file so that a second pytest-xdist worker runs it."""

from __future__ import annotations

from tests.giamngheo.test_permission_matrix import check_rows, clients, matrix_half, pdf_once, world
from tests.projects.conftest import component, make_project, make_round, open_round, post, rules

# the fixtures the world is built with, used here by name
__all__ = [
    "clients",
    "component",
    "make_project",
    "make_round",
    "open_round",
    "pdf_once",
    "post",
    "rules",
    "world",
]


def test_permission_matrix_second_half(subtests, world, clients, pdf_once):
    check_rows(subtests, world, clients, matrix_half(1))
