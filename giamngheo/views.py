from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo import access, audit, auth, services
from giamngheo.forms import (
    AccountCreateForm,
    AuditFilterForm,
    CommuneSettingsForm,
    PasswordResetForm,
    VillageForm,
)
from giamngheo.htmx import partial, redirect_after_post
from giamngheo.models import AuditEntry, RoleAssignment
from giamngheo.worklist import items_for


@login_required
def home(request):
    assignments = RoleAssignment.objects.filter(user=request.user).select_related(
        "province", "commune", "village"
    )
    return render(
        request,
        "giamngheo/home.html",
        {"assignments": assignments, "items": items_for(request.user)},
    )


def login_locked_out(request, original_response=None, credentials=None):
    """The login page again, saying the account is locked and when to try again (axes calls this
    instead of the login view's answer once the username and address are locked out)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = auth.retry_time(username, getattr(request, "axes_ip_address", None))
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    form = AuthenticationForm(request, initial={"username": username})
    locked_message = _(
        "Tài khoản tạm bị khóa vì nhập sai mật khẩu %(limit)d lần liên tiếp. Vui lòng thử lại sau "
        "%(time)s (khoảng %(minutes)d phút nữa), hoặc nhờ cán bộ UBND xã mở khóa."
    ) % {
        "limit": settings.AXES_FAILURE_LIMIT,
        "time": timezone.localtime(until).strftime("%H:%M ngày %d/%m/%Y"),
        "minutes": minutes,
    }
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": locked_message, "next": request.POST.get("next", "")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# ---- accounts -------------------------------------------------------------------------------


@login_required
@access.action_required("account.manage")
def account_list(request):
    users = (
        access.users_for(request.user)
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("commune", "village", "province"),
            )
        )
        .order_by("full_name")
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    locked = auth.locked_usernames(person.username for person in page)
    return render(request, "giamngheo/account_list.html", {"page": page, "locked": locked})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("account.manage")
def account_create(request):
    commune = access.primary_commune(request.user)
    villages = access.villages_for(request.user, "account.manage").filter(is_active=True)
    if request.method == "POST":
        form = AccountCreateForm(
            request.POST, villages=villages, roles_above=access.roles_above(request.user)
        )
        if form.is_valid():
            data = form.cleaned_data
            user = services.create_account(
                by=request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                role=data["role"],
                commune=commune,
                village=data["village"],
                phone=data["phone"],
                position=data["position"],
            )
            messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.full_name})
            return redirect_after_post(request, "account_list")
    else:
        form = AccountCreateForm(
            villages=villages,
            roles_above=access.roles_above(request.user),
            initial={"role": request.GET.get("role", "village_head")},
        )
    return render(
        request, partial(request, "giamngheo/account_form.html", "form"), {"form": form, "commune": commune}
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("account.manage")
def account_reset_password(request, pk: int):
    person = get_object_or_404(access.users_for(request.user), pk=pk)
    if request.method == "POST":
        form = PasswordResetForm(request.POST, user=person)
        if form.is_valid():
            services.reset_password(person, by=request.user, password=form.cleaned_data["password1"])
            messages.success(request, _("Đã đặt lại mật khẩu cho %(name)s.") % {"name": person})
            return redirect_after_post(request, "account_list")
    else:
        form = PasswordResetForm(user=person)
    return render(request, "giamngheo/account_reset_password.html", {"form": form, "person": person})


@require_POST
@login_required
@access.action_required("account.manage")
def account_toggle_active(request, pk: int):
    person = get_object_or_404(access.users_for(request.user).exclude(pk=request.user.pk), pk=pk)
    services.set_account_active(person, by=request.user, active=not person.is_active)
    if person.is_active:
        messages.success(request, _("Đã mở khóa tài khoản %(name)s.") % {"name": person})
    else:
        messages.success(request, _("Đã khóa tài khoản %(name)s.") % {"name": person})
    return redirect_after_post(request, "account_list")


@require_POST
@login_required
@access.action_required("account.manage")
def account_unlock_login(request, pk: int):
    person = get_object_or_404(access.users_for(request.user), pk=pk)
    services.unlock_login(person, by=request.user)
    messages.success(request, _("%(name)s đã có thể đăng nhập lại.") % {"name": person})
    return redirect_after_post(request, "account_list")


# ---- places ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def village_list(request):
    commune = access.primary_commune(request.user)
    if commune is None:
        raise access.PermissionDenied
    can_manage = access.can(request.user, "village.manage", commune=commune)
    form = None
    if can_manage:
        if request.method == "POST":
            form = VillageForm(request.POST, commune=commune)
            if form.is_valid():
                village = services.create_village(
                    commune, by=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
                )
                messages.success(request, _("Đã thêm %(name)s.") % {"name": village.name})
                return redirect_after_post(request, "village_list")
        else:
            form = VillageForm(commune=commune)
    elif request.method == "POST":
        raise access.PermissionDenied
    villages = access.villages_for(request.user).filter(commune=commune).order_by("name")
    return render(
        request,
        "giamngheo/village_list.html",
        {"commune": commune, "villages": villages, "form": form, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("village.manage")
def village_edit(request, pk: int):
    village = get_object_or_404(access.villages_for(request.user, "village.manage"), pk=pk)
    if request.method == "POST":
        # A ModelForm writes into its instance while validating: give it a copy, so the
        # service sees the old values (for the audit diff) and a rejected form changes nothing.
        form = VillageForm(request.POST, instance=copy.copy(village))
        if form.is_valid():
            services.update_village(village, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect_after_post(request, "village_list")
    else:
        form = VillageForm(instance=village)
    return render(request, "giamngheo/village_edit.html", {"form": form, "village": village})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("village.manage")
def commune_settings(request, pk: int):
    commune = access.get_commune(request.user, pk, "village.manage")
    if request.method == "POST":
        form = CommuneSettingsForm(request.POST, instance=copy.copy(commune))
        if form.is_valid():
            services.update_commune_settings(commune, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã lưu cài đặt của xã."))
            return redirect_after_post(request, "home")
    else:
        form = CommuneSettingsForm(instance=commune)
    can_sign = access.can(request.user, "document.signatories", commune=commune)
    signatories = commune.signatories.prefetch_related("kinds") if can_sign else []
    return render(
        request,
        "giamngheo/commune_settings.html",
        {"form": form, "commune": commune, "can_sign": can_sign, "signatories": signatories},
    )


# ---- audit ----------------------------------------------------------------------------------


@login_required
@access.action_required("audit.view")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor", "target_type")
    if not access.scope_of(request.user).is_admin:
        entries = entries.filter(commune__in=access.communes_for(request.user, "audit.view"))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(Q(action__icontains=data["q"]) | Q(target_repr__icontains=data["q"]))
        if data["kind"] == "personal_data":
            entries = entries.filter(action__in=audit.PERSONAL_DATA_ACTIONS)
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, partial(request, "giamngheo/audit_list.html", "table"), {"page": page, "form": form}
    )


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


# ---- errors ---------------------------------------------------------------------------------


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
