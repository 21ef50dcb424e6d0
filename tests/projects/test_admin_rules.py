"""Administrators keep reference data: programs as data, rule sets in versions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from projects.models import Component, Program, Project, RuleSet


def test_the_2021_2025_tree_is_seeded(rules):
    program = Program.objects.get(start_year=2021)
    codes = set(Component.objects.filter(program=program).values_list("code", flat=True))
    assert {f"DA{i}" for i in range(1, 8)} <= codes
    assert {"DA3.TDA1", "DA3.TDA2", "DA4.TDA3", "DA6.TDA2", "DA7.TDA2"} <= codes
    assert Component.objects.get(code="DA3.TDA1").parent.code == "DA3"


def test_an_administrator_adds_the_2026_2035_program_without_code(client, admin_user, rules):
    client.force_login(admin_user)
    data = {
        "code": "CTMTQG-2026-2035",
        "name": "Chương trình MTQG xây dựng nông thôn mới, giảm nghèo bền vững và phát triển KT-XH vùng DTTS",
        "start_year": 2026,
        "end_year": 2035,
        "is_active": "on",
        "components-TOTAL_FORMS": 1,
        "components-INITIAL_FORMS": 0,
        "components-0-code": "HP1",
        "components-0-name": "Hợp phần 1",
        "components-0-order": 1,
    }
    r = client.post(reverse("admin:projects_program_add"), data)
    assert r.status_code == 302
    assert Program.objects.get(code="CTMTQG-2026-2035").components.get().code == "HP1"


def rule_set_post(rules, **overrides):
    data = {
        "name": rules.name,
        "version": rules.version,
        "valid_from": rules.valid_from.isoformat(),
        "is_active": "on",
        "approval_route": rules.approval_route,
        "approving_body": rules.approving_body,
        "eligible_categories": '["poor", "near_poor", "escaped_poor"]',
        "priority_categories": '["poor"]',
        "min_beneficiary_share": "50",
        "priority_share": "70",
        "min_counterpart_share": "10",
        "newly_escaped_months": 36,
        "ceiling_per_household": 30_000_000,
        "ceiling_per_project": 1_000_000_000,
        "checklist": '[{"code": "plan", "label": "Phương án", "stage": "submit"}]',
        "commitment_clauses": '["Sử dụng đúng mục đích."]',
        "posting_days": 7,
        "rotation_months": 24,
        "rotation_rule": "",
    }
    return data | overrides


def test_a_rule_set_in_use_cannot_be_changed_but_can_be_saved_as_a_new_version(
    client, admin_user, make_project
):
    project = make_project(households=1)
    rules = project.rule_set
    client.force_login(admin_user)
    url = reverse("admin:projects_ruleset_change", args=[rules.pk])
    r = client.post(url, rule_set_post(rules, ceiling_per_household=50_000_000))
    assert r.status_code == 200 and "đã được dự án sử dụng" in r.content.decode()
    rules.refresh_from_db()
    assert rules.ceiling_per_household == 30_000_000

    data = rule_set_post(
        rules, version=3, ceiling_per_household=50_000_000, valid_from="2026-01-01", _saveasnew="1"
    )
    r = client.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors
    new = RuleSet.objects.get(version=3)
    assert new.ceiling_per_household == 50_000_000
    assert RuleSet.current_for(project.commune.province_id, dt.date(2026, 6, 1)) == new
    assert Project.objects.get(pk=project.pk).rule_set == rules  # the project keeps its version


def test_a_province_rule_set_wins_over_the_default(rules, province):
    own = RuleSet.objects.create(
        province=province, version=1, name="Quy định tỉnh", valid_from=dt.date(2025, 1, 1)
    )
    assert RuleSet.current_for(province.pk, dt.date(2026, 1, 1)) == own
    assert RuleSet.current_for(None, dt.date(2026, 1, 1)) == rules
