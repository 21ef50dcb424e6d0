"""Forms of the household registry: they validate and normalise, and never write.

Every message is Vietnamese; every field a village head fills on a phone is one column wide.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.text import clean
from households import selectors
from households.models import Category, Classification, CommunityGroup, Household, Member, PovertyStandard

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

FLAG_CHOICES = [
    ("is_ethnic_minority", _("Dân tộc thiểu số")),
    ("no_working_capacity", _("Không có khả năng lao động")),
    ("is_merit_family", _("Gia đình có công")),
    ("is_female_headed", _("Chủ hộ là nữ")),
    ("has_disabled_member", _("Có người khuyết tật")),
]


def parse_id_number(value: str) -> tuple[str, str]:
    """ "046 175 000 123" → ("046175000123", "cccd"); a 9-digit number is an old CMND."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return "", ""
    if not digits.isdigit():
        raise forms.ValidationError(_("Số CCCD chỉ gồm chữ số."))
    if len(digits) == 12:
        return digits, Member.IdKind.CCCD
    if len(digits) == 9:
        return digits, Member.IdKind.CMND
    raise forms.ValidationError(
        _("Số CCCD phải gồm đúng 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có %(n)s chữ số.")
        % {"n": len(digits)}
    )


def parse_birth(value: str) -> tuple[dt.date | None, int | None]:
    """ "05/03/1980" → (date, 1980); "1980" → (None, 1980); "" → (None, None)."""
    text = clean(value)
    if not text:
        return None, None
    today = timezone.localdate()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not 1900 <= year <= today.year:
            raise forms.ValidationError(_("Năm sinh phải từ 1900 đến %(year)s.") % {"year": today.year})
        return None, year
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            birth = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time zone)
        except ValueError:
            continue
        if birth > today or birth.year < 1900:
            raise forms.ValidationError(_("Ngày sinh không hợp lý."))
        return birth, birth.year
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        # Written the right way, but no such day (31/02): saying "write dd/mm/yyyy" would puzzle.
        raise forms.ValidationError(
            _("Ngày %(date)s không có thật. Hãy kiểm tra lại ngày và tháng.") % {"date": text}
        )
    raise forms.ValidationError(
        _("Nhập ngày sinh dạng ngày/tháng/năm (05/03/1980) hoặc chỉ năm sinh (1980).")
    )


class HouseholdForm(forms.ModelForm):
    """The household's own facts. Its head comes from the members (the row marked "Chủ hộ")."""

    class Meta:
        model = Household
        fields = [
            "village",
            "code",
            "address",
            "area",
            "ethnicity",
            "phone",
            "is_ethnic_minority",
            "no_working_capacity",
            "is_merit_family",
            "has_disabled_member",
            "poverty_cause",
            "notes",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"code": _("Để trống để hệ thống tự cấp mã (H00001…).")}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].empty_label = None if villages.count() == 1 else "—"
        self.fields["village"].error_messages["invalid_choice"] = _("Bạn không được nhập hộ cho thôn/tổ này.")
        self.fields["code"].required = False

    def clean_code(self) -> str:
        return clean(self.cleaned_data.get("code"))

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s.]", "", self.cleaned_data.get("phone") or "")
        if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
        return phone

    def clean(self):
        data = super().clean()
        village, code = data.get("village"), data.get("code")
        if village and code:
            clash = Household.objects.filter(commune_id=village.commune_id, code=code).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("code", _("Mã hộ %(code)s đã có trong xã.") % {"code": code})
        return data


class MemberForm(forms.Form):
    """One person of the household (one card on a phone)."""

    member = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    relationship = forms.ChoiceField(label=_("Quan hệ với chủ hộ"), choices=Member.Relationship.choices)
    birth = forms.CharField(
        label=_("Ngày sinh hoặc năm sinh"),
        help_text=_("Ngày/tháng/năm (05/03/1980) hoặc chỉ năm sinh (1980)."),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "05/03/1980"}),
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Member.Sex.choices], required=False)
    id_number = forms.CharField(
        label=_("Số CCCD (12 số) hoặc CMND cũ (9 số)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=50, required=False)
    working_capacity = forms.ChoiceField(
        label=_("Khả năng lao động"),
        choices=Member.WorkingCapacity.choices,
        initial=Member.WorkingCapacity.YES,
    )
    has_disability = forms.BooleanField(label=_("Người khuyết tật"), required=False)

    def __init__(self, *args, head_locked: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _("Hãy nhập họ và tên.")
        relationship = self.fields["relationship"]
        relationship.error_messages["required"] = _("Hãy chọn quan hệ với chủ hộ.")
        if head_locked and self.initial.get("relationship") == Member.Relationship.HEAD:
            # The head stays head while editing; changing the head is its own step.
            relationship.choices = [(Member.Relationship.HEAD, Member.Relationship.HEAD.label)]
            relationship.disabled = True
        elif head_locked:
            relationship.choices = [
                ("", "—"),
                *(c for c in Member.Relationship.choices if c[0] != Member.Relationship.HEAD),
            ]
        else:
            relationship.choices = [("", "—"), *Member.Relationship.choices]

    def clean_full_name(self) -> str:
        return clean(self.cleaned_data["full_name"])

    def clean_ethnicity(self) -> str:
        return clean(self.cleaned_data.get("ethnicity"))

    def clean_birth(self) -> str:
        self.birth_date, self.birth_year = parse_birth(self.cleaned_data.get("birth", ""))
        return self.cleaned_data.get("birth", "")

    def clean_id_number(self) -> str:
        self.id_number, self.id_kind = parse_id_number(self.cleaned_data.get("id_number", ""))
        return self.id_number

    def member_values(self) -> dict:
        """The cleaned row as the services take it."""
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "relationship": data["relationship"],
            "birth_date": self.birth_date,
            "birth_year": self.birth_year,
            "sex": data["sex"],
            "id_number": self.id_number,
            "id_kind": self.id_kind,
            "ethnicity": data["ethnicity"],
            "working_capacity": data["working_capacity"],
            "has_disability": data["has_disability"],
        }


def member_initial(member: Member) -> dict:
    return {
        "member": member.pk,
        "full_name": member.full_name,
        "relationship": member.relationship,
        "birth": member.birth_date.strftime("%d/%m/%Y") if member.birth_date else (member.birth_year or ""),
        "sex": member.sex,
        "id_number": member.id_number,
        "ethnicity": member.ethnicity,
        "working_capacity": member.working_capacity,
        "has_disability": member.has_disability,
    }


class BaseMemberFormSet(forms.BaseFormSet):
    """The household's members: one head, no CCCD twice, none already used in the commune.

    `commune` is set by the view once the village is known; `editing` switches the head row to
    read-only (the head changes through its own step).
    """

    commune = None
    editing = False

    def get_form_kwargs(self, index):
        return {"head_locked": True if self.editing else None}

    def kept_forms(self) -> list[MemberForm]:
        """Filled rows that are not marked for deletion."""
        kept = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.has_changed() and not form.initial:
                continue
            if not getattr(form, "cleaned_data", None):
                continue
            kept.append(form)
        return kept

    def deleted_member_ids(self) -> list[int]:
        if not self.can_delete:
            return []
        return [
            form.cleaned_data["member"]
            for form in self.deleted_forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("member")
        ]

    def clean(self):
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise forms.ValidationError(_("Hãy nhập ít nhất một người (chủ hộ)."))
        heads = [f for f in kept if f.cleaned_data["relationship"] == Member.Relationship.HEAD]
        if self.editing:
            deleted_heads = [
                f for f in self.deleted_forms if f.initial.get("relationship") == Member.Relationship.HEAD
            ]
            for form in deleted_heads:
                form.add_error(None, _("Không xóa được chủ hộ. Hãy đặt người khác làm chủ hộ trước."))
        elif len(heads) != 1:
            raise forms.ValidationError(
                _("Mỗi hộ phải có đúng một người là chủ hộ (chọn “Chủ hộ” ở cột quan hệ).")
            )
        seen: dict[str, MemberForm] = {}
        for form in kept:
            number = form.cleaned_data["id_number"]
            if not number:
                continue
            if number in seen:
                form.add_error("id_number", _("Số này trùng với một người khác trong hộ."))
                continue
            seen[number] = form
            if self.commune is not None:
                owner = selectors.id_number_owner(
                    self.commune, number, exclude_members=[form.cleaned_data.get("member")]
                )
                if owner is not None:
                    form.add_error(
                        "id_number",
                        _("Số CCCD/CMND này đã có trong sổ hộ của xã (hộ %(code)s).")
                        % {"code": owner.household.code},
                    )


def member_formset_class(*, extra: int, editing: bool):
    formset = forms.formset_factory(
        MemberForm, formset=BaseMemberFormSet, extra=extra, can_delete=editing, max_num=30, absolute_max=30
    )
    formset.editing = editing
    return formset


class HouseholdFilterForm(forms.Form):
    """The list's query string. Bad values become a message, never a 500."""

    SORTS = [
        ("name", _("Tên chủ hộ (A–Z)")),
        ("village", _("Thôn/tổ, rồi tên")),
        ("code", _("Mã hộ")),
    ]
    STATUSES = [*Household.Status.choices, ("all", _("Mọi tình trạng"))]

    q = forms.CharField(
        label=_("Tìm theo tên, mã hộ, CCCD"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    village = forms.ModelChoiceField(
        label=_("Thôn/tổ"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    category = forms.ChoiceField(
        label=_("Phân loại"), choices=[("", _("Tất cả")), *Category.choices], required=False
    )
    year = forms.IntegerField(label=_("Năm rà soát"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=STATUSES, required=False)
    missing_year = forms.IntegerField(
        label=_("Chưa có kết quả rà soát năm"), required=False, min_value=2000, max_value=2100
    )
    flags = forms.MultipleChoiceField(
        label=_("Đặc điểm"), choices=FLAG_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    sort = forms.ChoiceField(label=_("Sắp xếp"), choices=SORTS, required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].error_messages["invalid_choice"] = _(
            "Không có thôn/tổ này trong phạm vi của bạn."
        )

    def filters(self) -> dict:
        """The valid part of the query: a bad value is dropped (and reported), the rest applies."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


def _plain_int(value: str | None, message) -> int | None:
    digits = re.sub(r"[\s.,đ]", "", value or "")
    if not digits:
        return None
    if not digits.isdigit():
        raise forms.ValidationError(message)
    return int(digits)


class ClassificationForm(forms.Form):
    """One year's review result. The indicator checkboxes come from that year's standard."""

    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Phân loại hộ"), choices=Category.choices)
    income_per_capita = forms.CharField(
        label=_("Thu nhập bình quân (đồng/người/tháng)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.200.000"}),
    )
    b1_score = forms.IntegerField(label=_("Điểm B1"), required=False, min_value=0, max_value=1000)
    deprivations = forms.MultipleChoiceField(
        label=_("Chỉ số thiếu hụt"), required=False, widget=forms.CheckboxSelectMultiple
    )
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE_WIDGET)
    confirm_disagreement = forms.BooleanField(
        label=_("Hội đồng rà soát đã quyết định phân loại này dù khác với kết quả tính theo chuẩn nghèo"),
        required=False,
    )

    def __init__(
        self,
        *args,
        standard: PovertyStandard | None,
        household: Household,
        instance: Classification | None = None,
        **kwargs,
    ):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "year": instance.year,
                    "category": instance.category,
                    "income_per_capita": instance.income_per_capita or "",
                    "b1_score": instance.b1_score,
                    "deprivations": instance.deprivations,
                    "decision_number": instance.decision_number,
                    "decision_date": instance.decision_date,
                },
            )
        super().__init__(*args, **kwargs)
        self.standard = standard
        self.household = household
        self.instance = instance
        self.disagreement = ""  # why the category differs from the standard's, once cleaned
        indicators = standard.indicators if standard else []
        self.fields["deprivations"].choices = [(i["code"], f"{i['code']}. {i['name']}") for i in indicators]
        if instance is not None:
            self.fields["year"].disabled = True

    def clean_income_per_capita(self) -> int | None:
        return _plain_int(
            self.cleaned_data.get("income_per_capita"), _("Thu nhập chỉ gồm chữ số, ví dụ 1.200.000.")
        )

    def clean_decision_number(self) -> str:
        return clean(self.cleaned_data.get("decision_number"))

    def clean(self):
        """A category the standard does not give for this income and deprivation count is a
        warning: the officer confirms it (the review council decides edge cases), or corrects it."""
        data = super().clean()
        year = self.instance.year if self.instance is not None else data.get("year")
        if self.standard is None or not data.get("category") or year is None or self.errors:
            return data
        self.disagreement = self.standard.disagreement(
            year=year,
            area=self.household.area,
            category=data["category"],
            income=data.get("income_per_capita"),
            deprivations=data.get("deprivations") or [],
        )
        if self.disagreement and not data.get("confirm_disagreement"):
            self.add_error(
                "category",
                self.disagreement
                + " "
                + _(
                    "Hãy sửa phân loại, thu nhập hoặc chỉ số thiếu hụt; nếu hội đồng rà soát đã quyết "
                    "định như vậy, đánh dấu ô xác nhận bên dưới rồi lưu lại."
                ),
            )
        return data

    @property
    def asks_confirmation(self) -> bool:
        return bool(self.disagreement) or bool(self.data.get("confirm_disagreement"))

    @property
    def service_values(self) -> dict:
        """The cleaned values the services take, with the confirmed disagreement for the audit."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "confirm_disagreement"}
        values["disagreement"] = self.disagreement
        return values


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Household.Status.choices)
    on = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú (lý do, nhập vào hộ nào…)"), required=False, max_length=250)

    def clean(self):
        data = super().clean()
        if data.get("status") and data["status"] != Household.Status.ACTIVE and not data.get("on"):
            self.add_error("on", _("Hãy nhập ngày chuyển đi, nhập hộ hoặc giải thể."))
        return data


class MakeHeadForm(forms.Form):
    previous_head_relationship = forms.ChoiceField(
        label=_("Chủ hộ cũ là gì của chủ hộ mới?"),
        choices=[c for c in Member.Relationship.choices if c[0] != Member.Relationship.HEAD],
        initial=Member.Relationship.SPOUSE,
    )


class CommunityGroupForm(forms.ModelForm):
    class Meta:
        model = CommunityGroup
        fields = ["village", "name", "head", "head_name", "decision_number", "decision_date"]
        widgets = {"decision_date": DATE_WIDGET}
        help_texts = {"head_name": _("Để trống nếu tổ trưởng là chủ hộ đã chọn ở trên.")}

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["village"]
            self.fields["head"].queryset = Household.objects.filter(
                village=self.instance.village, status=Household.Status.ACTIVE
            ).order_by(*selectors.household_ordering("name"))
        else:
            self.fields["village"].queryset = villages
            # Choose the village first; the head household is picked once the group exists.
            del self.fields["head"]
        self.fields["name"].error_messages["required"] = _("Hãy nhập tên tổ.")

    def clean_name(self) -> str:
        return clean(self.cleaned_data["name"])


class GroupMemberForm(forms.Form):
    household = forms.ModelChoiceField(label=_("Hộ tham gia"), queryset=Household.objects.none())
    joined_on = forms.DateField(label=_("Ngày tham gia"), widget=DATE_WIDGET)

    def __init__(self, *args, group: CommunityGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = selectors.joinable_households(group)
        self.fields["household"].error_messages["invalid_choice"] = _(
            "Hộ này không thuộc thôn/tổ của tổ hoặc đang ở một tổ khác."
        )
        self.fields["joined_on"].initial = timezone.localdate()


class LeaveGroupForm(forms.Form):
    left_on = forms.DateField(label=_("Ngày rời tổ"), widget=DATE_WIDGET)


class PublicListForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn/tổ"), queryset=None)
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2000, max_value=2100)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["village"].error_messages["invalid_choice"] = _(
            "Không có thôn/tổ này trong phạm vi của bạn."
        )
