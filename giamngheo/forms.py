from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from giamngheo.models import Commune, Role, User, Village
from giamngheo.text import clean

# Roles a commune's staff may hand out within their commune.
ASSIGNABLE_ROLES = [
    (Role.VILLAGE_HEAD, Role.VILLAGE_HEAD.label),
    (Role.COMMUNE_OFFICER, Role.COMMUNE_OFFICER.label),
    (Role.BCD_MEMBER, Role.BCD_MEMBER.label),
    (Role.FRONT_SUPERVISOR, Role.FRONT_SUPERVISOR.label),
    (Role.COMMUNE_LEADER, Role.COMMUNE_LEADER.label),
]


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self) -> str:
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("Hai mật khẩu không khớp nhau."))
        password_validation.validate_password(p2, self.user_for_validation())
        return p2

    def user_for_validation(self) -> User | None:
        """The person the password is for, so it may not resemble their name or username."""
        return None


class AccountCreateForm(NewPasswordMixin):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[a-z0-9_.-]+$",
        help_text=_("Chữ thường không dấu, số, dấu chấm hoặc gạch dưới. Ví dụ: truongthon.an"),
        error_messages={
            "invalid": _("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.")
        },
    )
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        regex=r"^[0-9 +.]{8,20}$",
        error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=ASSIGNABLE_ROLES)
    village = forms.ModelChoiceField(
        label=_("Thôn/tổ (cho trưởng thôn)"), queryset=Village.objects.none(), required=False
    )
    field_order = ["full_name", "username", "phone", "position", "role", "village", "password1", "password2"]

    def __init__(self, *args, villages, roles_above=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        # nobody hands out a role above their own (see access.roles_above)
        self.fields["role"].choices = [c for c in ASSIGNABLE_ROLES if c[0] not in roles_above]

    def user_for_validation(self) -> User:
        # Not saved yet: the fields were cleaned before the passwords (see field_order).
        data = self.cleaned_data
        return User(
            username=data.get("username", ""),
            full_name=data.get("full_name", ""),
            phone=data.get("phone", ""),
        )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean_full_name(self) -> str:
        return clean(self.cleaned_data["full_name"])

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.VILLAGE_HEAD and not data.get("village"):
            self.add_error("village", _("Trưởng thôn phải gắn với một thôn/tổ."))
        return data


class PasswordResetForm(NewPasswordMixin):
    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = user

    def user_for_validation(self) -> User:
        return self.person


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["name", "kind", "is_active"]

    def clean_name(self) -> str:
        name = clean(self.cleaned_data["name"])
        commune = self.instance.commune if self.instance.pk else self.commune
        clash = Village.objects.filter(commune=commune, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Xã đã có thôn/tổ tên này."))
        return name

    def __init__(self, *args, commune: Commune | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune


class CommuneSettingsForm(forms.ModelForm):
    class Meta:
        model = Commune
        fields = ["reports_to", "reports_to_name", "historical_district"]


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo hành động hoặc đối tượng"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[("", _("Mọi thay đổi")), ("personal_data", _("Xuất, in dữ liệu cá nhân và xem số CCCD"))],
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False)
    date_to = forms.DateField(label=_("Đến ngày"), required=False)
