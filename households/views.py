"""Screens of the household registry: list, household page, create/edit, classification,
community groups, Excel export and the printable public list.

Every view has the same shape: decorators (method, login, action) → fetch in scope →
form → service → message → redirect or partial. Out of scope is 404, a forbidden action 403.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo import access, audit
from giamngheo.htmx import partial, redirect_after_post
from households import exports, selectors, services
from households.forms import (
    ClassificationForm,
    CommunityGroupForm,
    GroupMemberForm,
    HouseholdForm,
    LeaveGroupForm,
    MakeHeadForm,
    PublicListForm,
    StatusForm,
    member_formset_class,
    member_initial,
)
from households.models import Classification, GroupMembership, Member, PovertyStandard

PAGE_SIZE = 50
# The list counts its rows up to here and says "more than" beyond: a bounded cost at any size.
COUNT_LIMIT = 5000
MEMBER_PREFIX = "members"
ROWS_PER_ADD = 2


def _report(form, error: ValidationError) -> None:
    """Show a service's refusal on the form (on its field when the service named one)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _quiet(form, formset) -> None:
    """Render posted forms without validating them (the user asked for more rows, not to save)."""
    form._errors = ErrorDict()
    for member_form in formset.forms:
        member_form._errors = ErrorDict()
    formset._errors = [f._errors for f in formset.forms]
    formset._non_form_errors = ErrorList()


def _with_more_rows(data, prefix: str = MEMBER_PREFIX):
    """The posted data with two more blank member rows: "Thêm người" works without JavaScript."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(total + ROWS_PER_ADD, 30))
    return data


# ---- list, export, public list --------------------------------------------------------------


def _without_cursor(query):
    """The filters of a query string, without the list's position in it."""
    query = query.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    return query


@login_required
@access.action_required("household.view")
def household_list(request):
    form, filters, households = exports.filtered(request.user, request.GET)
    if form.errors:
        messages.error(
            request,
            _("Đã bỏ qua bộ lọc không hợp lệ: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
                )
            },
        )
    page = selectors.household_page(
        households,
        filters.get("sort") or "name",
        size=PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    if page.cursor_ignored:
        messages.warning(request, _("Liên kết trang không hợp lệ, đã hiển thị trang đầu."))
    for household in page:
        household.category_label = selectors.category_label(household.current_category)
    context = {
        "form": form,
        "page": page,
        "count": selectors.count_up_to(households, COUNT_LIMIT),
        "count_limit": COUNT_LIMIT,
        "filtered": bool(filters),
        "can_edit": access.has_role(request.user, *access.ACTIONS["household.edit"]),
        "may_see_id": access.has_role(request.user, *access.ACTIONS["household.view_id_number"]),
        "query": _without_cursor(request.GET).urlencode(),
    }
    return render(request, partial(request, "households/household_list.html", "results"), context)


@require_POST
@login_required
@access.action_required("household.view")
def household_export(request):
    """Queue the filtered list (the query string) as .xlsx and show the job's progress.

    CCCD numbers are masked unless asked for (cccd=1) by a role that may see them."""
    show_id = request.POST.get("cccd") == "1"
    if show_id and not exports.may_export_id_numbers(request.user):
        raise PermissionDenied
    job = exports.start_household_export(
        request.user, query=_without_cursor(request.GET).urlencode(), show_id=show_id
    )
    return redirect(job)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.view")
def public_list(request):
    """Danh sách công khai: the village's poor and near-poor households of a year, as a notice
    of the UBND xã (TB-UBND). Once issued, the stored PDF; before, a draft (`?preview=1`: its
    HTML). Commune staff issue it with a POST (households/public_notice.py)."""
    from giamngheo.documents.forms import signatory_field
    from giamngheo.documents.pdf import pdf_response
    from giamngheo.documents.register import DocumentError
    from households import public_notice

    villages = access.villages_for(request.user).filter(is_active=True).order_by("name")
    data = request.POST if request.method == "POST" else request.GET
    form = PublicListForm(data or None, villages=villages)
    if not form.is_valid():
        if form.is_bound:
            messages.error(request, _("Hãy chọn thôn/tổ và năm rà soát hợp lệ."))
        if not form.is_bound:
            form = PublicListForm(
                villages=villages,
                initial={
                    "year": timezone.localdate().year,
                    "village": villages.first() if villages.count() == 1 else None,
                },
            )
        first = villages.first()
        issue_form = None
        if first is not None and access.can(request.user, "household.publish_list", village=first):
            issue_form = PublicListForm(villages=villages, initial=form.initial, auto_id="issue_%s")
            issue_form.fields["signatory"] = signatory_field("thong_bao", first.commune)
        return render(request, "households/public_list_form.html", {"form": form, "issue_form": issue_form})
    village, year = form.cleaned_data["village"], form.cleaned_data["year"]
    if request.method == "POST":
        access.require(request.user, "household.publish_list", village=village)
        from giamngheo.documents.models import Signatory

        signatory = Signatory.objects.filter(
            pk=request.POST.get("signatory") or 0, commune=village.commune, is_active=True
        ).first()
        try:
            doc = public_notice.issue(village, year, by=request.user, signatory=signatory)
        except DocumentError as e:
            messages.error(request, str(e))
            return redirect(f"{request.path}?village={village.pk}&year={year}&preview=1")
        messages.success(request, _("Đã ban hành thông báo công khai số %(n)s.") % {"n": doc.number})
        return redirect("documents:file", doc.pk)
    if doc := public_notice.current(village, year):
        return redirect("documents:file", doc.pk)  # documents:file logs the export
    audit.record_export(
        request.user,
        "public_list.html" if request.GET.get("preview") else "public_list.pdf",
        place=village,
        rows=selectors.public_list(village, year)["total"],
        filters={"year": year},
    )
    if request.GET.get("preview"):
        return HttpResponse(public_notice.draft(village, year, as_html=True))
    return pdf_response(
        public_notice.draft(village, year), f"du-thao-danh-sach-cong-khai-{year}-{village.pk}.pdf"
    )


# ---- one household --------------------------------------------------------------------------


@login_required
@access.action_required("household.view")
def household_detail(request, pk: int):
    household = selectors.get_household(request.user, pk)
    may_see_id = access.can(request.user, "household.view_id_number", village=household.village)
    # CCCD numbers are masked; a role that may see them asks (?cccd=1), and that is logged.
    show_id = request.GET.get("cccd") == "1"
    if show_id and not may_see_id:
        raise PermissionDenied
    if show_id:
        audit.record(request.user, household, audit.ID_NUMBER_ACTION)
    context = selectors.household_detail(household) | {
        "household": household,
        "can_edit": access.can(request.user, "household.edit", village=household.village),
        "may_see_id": may_see_id,
        "show_id": show_id,
    }
    return render(request, "households/household_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def household_create(request):
    villages = access.villages_for(request.user, "household.edit").filter(is_active=True).order_by("name")
    formset_class = member_formset_class(extra=3, editing=False)
    head_row = [{"relationship": Member.Relationship.HEAD}]
    if request.method == "POST":
        adding_rows = "add_rows" in request.POST
        data = _with_more_rows(request.POST) if adding_rows else request.POST
        form = HouseholdForm(data, villages=villages)
        formset = formset_class(data, prefix=MEMBER_PREFIX, initial=head_row)
        if adding_rows:
            _quiet(form, formset)
        else:
            if form.is_valid():
                formset.commune = form.cleaned_data["village"].commune
            if form.is_valid() and formset.is_valid():
                fields = dict(form.cleaned_data)
                try:
                    household = services.create_household(
                        by=request.user,
                        members=[f.member_values() for f in formset.kept_forms()],
                        **fields,
                    )
                except ValidationError as error:
                    _report(form, error)
                else:
                    messages.success(request, _("Đã thêm hộ %(name)s.") % {"name": household.head_name})
                    return redirect_after_post(request, household)
    else:
        form = HouseholdForm(villages=villages, initial={"ethnicity": "Kinh"})
        formset = formset_class(prefix=MEMBER_PREFIX, initial=head_row)
    return render(
        request,
        partial(request, "households/household_form.html", "form"),
        {"form": form, "formset": formset, "household": None},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def household_edit(request, pk: int):
    household = selectors.get_household(request.user, pk, "household.edit")
    villages = (
        access.villages_for(request.user, "household.edit")
        .filter(commune_id=household.commune_id, is_active=True)
        .order_by("name")
    )
    members = list(household.members.order_by("pk"))
    # The head first: it is the row the eye looks for.
    members.sort(key=lambda m: m.relationship != Member.Relationship.HEAD)
    initial = [member_initial(m) for m in members]
    formset_class = member_formset_class(extra=2, editing=True)
    if request.method == "POST":
        adding_rows = "add_rows" in request.POST
        data = _with_more_rows(request.POST) if adding_rows else request.POST
        # A ModelForm writes into its instance while validating: give it a copy, so the
        # service sees the old values (for the audit diff) and a rejected form changes nothing.
        form = HouseholdForm(data, instance=copy.copy(household), villages=villages)
        formset = formset_class(data, prefix=MEMBER_PREFIX, initial=initial)
        formset.commune = household.commune
        if adding_rows:
            _quiet(form, formset)
        elif form.is_valid() and formset.is_valid():
            try:
                services.update_household_and_members(
                    household,
                    by=request.user,
                    fields=form.cleaned_data,
                    members=[
                        f.member_values() | {"pk": f.cleaned_data.get("member")} for f in formset.kept_forms()
                    ],
                    removed=formset.deleted_member_ids(),
                )
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(
                    request, _("Đã lưu thay đổi của hộ %(name)s.") % {"name": household.head_name}
                )
                return redirect_after_post(request, household)
    else:
        form = HouseholdForm(instance=household, villages=villages)
        formset = formset_class(prefix=MEMBER_PREFIX, initial=initial)
    return render(
        request,
        partial(request, "households/household_form.html", "form"),
        {"form": form, "formset": formset, "household": household},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def member_make_head(request, pk: int, member_pk: int):
    household = selectors.get_household(request.user, pk, "household.edit")
    member = get_object_or_404(household.members, pk=member_pk)
    if member.relationship == Member.Relationship.HEAD:
        messages.info(request, _("%(name)s đã là chủ hộ.") % {"name": member.full_name})
        return redirect_after_post(request, household)
    if request.method == "POST":
        form = MakeHeadForm(request.POST)
        if form.is_valid():
            try:
                services.make_head(member, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("%(name)s là chủ hộ mới.") % {"name": member.full_name})
                return redirect_after_post(request, household)
    else:
        form = MakeHeadForm()
    return render(
        request, "households/member_make_head.html", {"form": form, "household": household, "member": member}
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def household_status(request, pk: int):
    household = selectors.get_household(request.user, pk, "household.edit")
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changes = services.set_status(
                    household, by=request.user, status=data["status"], on=data["on"], note=data["note"]
                )
            except ValidationError as error:
                _report(form, error)
            else:
                if changes:
                    messages.success(request, _("Đã cập nhật tình trạng hộ."))
                else:
                    messages.info(request, _("Tình trạng hộ không thay đổi."))
                return redirect_after_post(request, household)
    else:
        form = StatusForm(initial={"status": household.status, "on": household.status_date})
    return render(request, "households/household_status.html", {"form": form, "household": household})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def classification_create(request, pk: int):
    household = selectors.get_household(request.user, pk, "household.edit")
    year = _year_param(request.POST.get("year") or request.GET.get("year"))
    standard = PovertyStandard.for_year(year)
    if request.method == "POST":
        form = ClassificationForm(request.POST, standard=standard, household=household)
        if form.is_valid():
            try:
                services.record_classification(household, by=request.user, **form.service_values)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(
                    request, _("Đã ghi kết quả rà soát năm %(year)s.") % {"year": form.cleaned_data["year"]}
                )
                return redirect_after_post(request, household)
    else:
        form = ClassificationForm(standard=standard, household=household, initial={"year": year})
    return render(
        request,
        "households/classification_form.html",
        {"form": form, "household": household, "standard": standard, "classification": None},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.edit")
def classification_edit(request, pk: int, classification_pk: int):
    household = selectors.get_household(request.user, pk, "household.edit")
    classification = get_object_or_404(
        Classification.objects.select_related("standard"), household=household, pk=classification_pk
    )
    standard = classification.standard or PovertyStandard.for_year(classification.year)
    if request.method == "POST":
        form = ClassificationForm(
            request.POST, standard=standard, household=household, instance=classification
        )
        if form.is_valid():
            fields = {k: v for k, v in form.service_values.items() if k != "year"}
            try:
                services.update_classification(classification, by=request.user, **fields)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(
                    request, _("Đã sửa kết quả rà soát năm %(year)s.") % {"year": classification.year}
                )
                return redirect_after_post(request, household)
    else:
        form = ClassificationForm(standard=standard, household=household, instance=classification)
    return render(
        request,
        "households/classification_form.html",
        {"form": form, "household": household, "standard": standard, "classification": classification},
    )


def _year_param(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


# ---- community groups -----------------------------------------------------------------------


@login_required
@access.action_required("household.view")
def group_list(request):
    groups = selectors.groups_with_counts(selectors.groups_for(request.user)).order_by(
        *selectors.vietnamese_order("village__name", "name")
    )
    return render(
        request,
        "households/group_list.html",
        {"groups": groups, "can_edit": access.has_role(request.user, *access.ACTIONS["group.edit"])},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("group.edit")
def group_create(request):
    villages = access.villages_for(request.user, "group.edit").filter(is_active=True).order_by("name")
    if request.method == "POST":
        form = CommunityGroupForm(request.POST, villages=villages)
        if form.is_valid():
            data = form.cleaned_data
            try:
                group = services.create_group(
                    data["village"],
                    by=request.user,
                    name=data["name"],
                    head_name=data["head_name"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                )
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("Đã lập %(name)s.") % {"name": group.name})
                return redirect_after_post(request, "households:group_detail", group.pk)
    else:
        form = CommunityGroupForm(villages=villages)
    return render(request, "households/group_form.html", {"form": form, "group": None})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("group.edit")
def group_edit(request, pk: int):
    group = selectors.get_group(request.user, pk, "group.edit")
    if request.method == "POST":
        form = CommunityGroupForm(request.POST, instance=copy.copy(group), villages=None)
        if form.is_valid():
            try:
                services.update_group(group, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect_after_post(request, "households:group_detail", group.pk)
    else:
        form = CommunityGroupForm(instance=group, villages=None)
    return render(request, "households/group_form.html", {"form": form, "group": group})


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("household.view")
def group_detail(request, pk: int):
    """The group with its members; those who may edit add a household here (POST)."""
    group = selectors.get_group(request.user, pk)
    can_edit = access.can(request.user, "group.edit", village=group.village)
    form = None
    if can_edit:
        if request.method == "POST":
            form = GroupMemberForm(request.POST, group=group)
            if form.is_valid():
                try:
                    services.add_group_member(
                        group,
                        form.cleaned_data["household"],
                        by=request.user,
                        joined_on=form.cleaned_data["joined_on"],
                    )
                except ValidationError as error:
                    _report(form, error)
                else:
                    messages.success(
                        request,
                        _("Đã thêm hộ %(name)s vào tổ.") % {"name": form.cleaned_data["household"].head_name},
                    )
                    return redirect_after_post(request, "households:group_detail", group.pk)
        else:
            form = GroupMemberForm(group=group)
    elif request.method == "POST":
        raise access.PermissionDenied
    return render(
        request,
        partial(request, "households/group_detail.html", "members"),
        {
            "group": group,
            "memberships": selectors.group_members(group),
            "form": form,
            "can_edit": can_edit,
            "leave_form": LeaveGroupForm(initial={"left_on": timezone.localdate()}),
        },
    )


@require_POST
@login_required
@access.action_required("group.edit")
def group_member_leave(request, pk: int, membership_pk: int):
    group = selectors.get_group(request.user, pk, "group.edit")
    membership = get_object_or_404(
        GroupMembership.objects.select_related("household"), group=group, pk=membership_pk
    )
    form = LeaveGroupForm(request.POST)
    if form.is_valid():
        try:
            services.remove_group_member(membership, by=request.user, left_on=form.cleaned_data["left_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Hộ %(name)s đã rời tổ.") % {"name": membership.household.head_name})
    else:
        messages.error(request, _("Hãy nhập ngày rời tổ hợp lệ."))
    return redirect_after_post(request, "households:group_detail", group.pk)
