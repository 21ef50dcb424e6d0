"""Reference data is managed by administrators in the admin; commune staff never reach it."""

from __future__ import annotations


def test_the_administrator_opens_the_admin(client, admin_user):
    client.force_login(admin_user)
    r = client.get("/quan-tri/")
    assert r.status_code == 200
    assert "Giảm nghèo — quản trị" in r.content.decode()


def test_commune_staff_are_kept_out_of_the_admin(client, officer):
    client.force_login(officer)
    r = client.get("/quan-tri/giamngheo/user/")
    assert r.status_code == 302 and "/quan-tri/login/" in r.url
