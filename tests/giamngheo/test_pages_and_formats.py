"""Vietnamese error pages, formats, language switch, security headers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.urls import reverse

from giamngheo.text import search_key


def test_unknown_pages_answer_with_the_vietnamese_404(client, officer):
    client.force_login(officer)
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.content.decode()


def test_forbidden_pages_answer_with_the_vietnamese_403(client, village_head):
    client.force_login(village_head)
    r = client.get(reverse("account_list"))
    assert r.status_code == 403
    assert "Bạn không có quyền thực hiện việc này" in r.content.decode()


def test_money_numbers_and_dates_follow_vietnamese_conventions():
    rendered = Template(
        "{{ m|vnd }}|{{ n|number_vn:1 }}|{{ d|vn_date }}|{{ d|long_date_vn }}|{{ e|long_date_vn }}"
    ).render(
        Context(
            {"m": 1500000, "n": Decimal("1234567.5"), "d": dt.date(2026, 2, 5), "e": dt.date(2026, 11, 22)}
        )
    )
    assert (
        rendered
        == "1.500.000\xa0đ|1.234.567,5|05/02/2026|ngày 05 tháng 02 năm 2026|ngày 22 tháng 11 năm 2026"
    )


def test_id_numbers_are_masked_but_the_last_three_digits():
    assert Template("{{ v|mask_id }}").render(Context({"v": "046175012345"})) == "•••••••••345"


def test_the_search_key_ignores_case_and_diacritics():
    assert search_key("Nguyễn Thị  Hương") == "nguyen thi huong"
    assert search_key("ĐẶNG Văn Đức") == "dang van duc"
    # Decomposed (NFD) input folds the same way.
    assert search_key("Nguye\u0302\u0303n") == "nguyen"


def test_the_user_switches_to_english_and_back(client, officer):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body and "Work to do" in body
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Việc cần làm" in client.get(reverse("home")).content.decode()


def test_dates_are_typed_as_dd_mm_yyyy(db):
    from django import forms

    class F(forms.Form):
        d = forms.DateField()

    form = F({"d": "05/02/2026"})
    assert form.is_valid() and form.cleaned_data["d"] == dt.date(2026, 2, 5)


def test_pages_carry_a_content_security_policy_and_load_htmx_locally(client, officer):
    client.force_login(officer)
    r = client.get(reverse("home"))
    policy = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self' 'nonce-" in policy
    body = r.content.decode()
    assert "/static/django_htmx/htmx-2" in body and "https://" not in body.split("<body")[0]
    assert 'hx-headers=\'{"x-csrftoken":' in body


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_user_chooses(client, officer):
    client.force_login(officer)
    body = client.get(reverse("home"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="vi"' in body and "Việc cần làm" in body


def test_templates_carry_no_inline_scripts_or_styles_the_csp_would_block():
    from django.conf import settings

    offenders = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        if "reports/pdf" in str(path):  # PDFs are rendered by WeasyPrint, not a browser
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (' style="', " onclick=", " onchange=", " hx-on", "<script>"):
            if needle in text:
                offenders.append(f"{path}: {needle.strip()}")
    assert offenders == []


def test_favicon_ico_points_at_the_app_icon(client, db):
    r = client.get("/favicon.ico")
    assert r.status_code == 301 and r.url.endswith("/static/favicon.svg")
