"""The upload form of the household import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo import access, uploads

EXTENSIONS = (".xlsx", ".xls", ".ods")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách hộ"),
        help_text=_("Tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods), tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods"}),
    )
    commune = forms.ModelChoiceField(label=_("Xã/phường"), queryset=None, empty_label=None)
    village = forms.ModelChoiceField(
        label=_("Thôn/tổ cho các dòng không ghi thôn"),
        queryset=None,
        required=False,
        empty_label=_("— Lấy theo cột Thôn/Tổ trong tệp —"),
    )
    year = forms.IntegerField(
        label=_("Năm rà soát"),
        help_text=_("Dùng cho các dòng không có cột “Năm rà soát”."),
        min_value=2000,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year + 1
        self.fields["year"].widget.attrs["max"] = this_year + 1
        self.fields["year"].initial = this_year
        communes = access.communes_for(user, "household.import")
        villages = access.villages_for(user, "household.import").order_by("commune__name", "name")
        self.fields["commune"].queryset = communes
        self.fields["village"].queryset = villages
        if len(commune_list := list(communes[:2])) == 1:
            self.fields["commune"].initial = commune_list[0].pk
            self.fields["commune"].widget = forms.HiddenInput()
        if len(village_list := list(villages[:2])) == 1:
            self.fields["village"].initial = village_list[0].pk
        many_communes = len(commune_list) > 1
        self.fields["village"].label_from_instance = lambda v: (
            f"{v.commune.name} – {v.name}" if many_communes else v.name
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx, .xls hoặc .ods."))
        if upload.size > uploads.SPREADSHEETS.max_bytes:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(mb)s MB. Hãy chia danh sách thành nhiều tệp.")
                % {"mb": f"{uploads.SPREADSHEETS.max_bytes / 1024 / 1024:g}"}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        # The content is checked by the preview (importing.reading.file_format, by its first
        # bytes), which explains the usual wrong files (HTML saved as .xls) better than a
        # refusal here could; the file waits under PRIVATE_ROOT named by its checksum.
        return upload

    def clean(self):
        cleaned = super().clean()
        village, commune = cleaned.get("village"), cleaned.get("commune")
        if village is not None and commune is not None and village.commune_id != commune.pk:
            self.add_error("village", _("Thôn/tổ này không thuộc xã đã chọn."))
        return cleaned
