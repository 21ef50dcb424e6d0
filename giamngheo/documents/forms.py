"""Forms of the register: search, correction, signatories, and the signer select of issuing forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.documents.models import DocumentKind, Signatory
from giamngheo.text import clean

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."), "required": _("Vui lòng nhập ngày.")}


def signatory_field(kind: str, commune, *, required: bool = False) -> forms.ModelChoiceField:
    """The select of who signs, on a form that issues a document: the commune's active
    signatories for the kind, the first named preselected."""
    from giamngheo.documents.register import signatories_for

    choices = signatories_for(kind, commune)
    first = choices.first()
    return forms.ModelChoiceField(
        label=_("Người ký"),
        queryset=choices,
        required=required,
        initial=first.pk if first else None,
        empty_label=_("— chưa chọn (để trống tên người ký) —"),
        help_text=_("Danh sách người ký đặt trong Cài đặt của xã."),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Số hoặc trích yếu"), required=False, max_length=100)
    kind = forms.ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentKind.objects.all(), required=False, empty_label=_("Tất cả")
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE, error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE, error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


class ReplaceForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do ban hành văn bản thay thế"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do thay thế văn bản đã ban hành.")},
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, doc, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"] = signatory_field(doc.kind.code, doc.commune)
        if doc.signatory_id and doc.signatory and doc.signatory.is_active:
            self.fields["signatory"].initial = doc.signatory_id
        self.fields["issued_on"].initial = timezone.localdate()
        self.doc = doc

    def clean_reason(self):
        reason = clean(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do thay thế văn bản đã ban hành."))
        return reason

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày %(date)s chưa đến.") % {"date": f"{day:%d/%m/%Y}"})
        if day < self.doc.issued_on:
            raise forms.ValidationError(
                _("Văn bản thay thế không thể ban hành trước văn bản bị thay thế (%(date)s).")
                % {"date": f"{self.doc.issued_on:%d/%m/%Y}"}
            )
        return day


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["full_name", "position", "authority", "kinds", "order", "is_active"]
        widgets = {
            "authority": forms.Textarea(attrs={"rows": 2}),
            "kinds": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "authority": _(
                "Mỗi dòng một dòng in trên chữ ký. Chủ tịch: TM. ỦY BAN NHÂN DÂN. Phó Chủ tịch: "
                "TM. ỦY BAN NHÂN DÂN, xuống dòng, KT. CHỦ TỊCH. Trưởng ban: TM. BAN CHỈ ĐẠO."
            ),
            "order": _("Người có số nhỏ nhất được chọn sẵn khi ban hành."),
        }
        error_messages = {
            "full_name": {"required": _("Vui lòng nhập họ và tên người ký.")},
            "position": {"required": _("Vui lòng nhập chức vụ ký, ví dụ Chủ tịch.")},
        }

    def clean_full_name(self):
        name = clean(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập họ và tên người ký."))
        return name

    def clean_position(self):
        position = clean(self.cleaned_data["position"])
        if not position:
            raise forms.ValidationError(_("Vui lòng nhập chức vụ ký, ví dụ Chủ tịch."))
        return position

    def clean_authority(self):
        lines = [clean(line) for line in self.cleaned_data["authority"].splitlines()]
        return "\n".join(line.upper() for line in lines if line)
