"""Forms of the reports app: they validate and normalise, services change things."""

from __future__ import annotations

import datetime as dt
import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.definitions import PROGRAM_2021, PROGRAM_2026, check
from reports.models import MonitoringReport, ReportDefinition

# The program in force first: it is the default everywhere a program is chosen.
PROGRAMS = [
    (PROGRAM_2026, _("Chương trình MTQG 2026–2035")),
    (PROGRAM_2021, _("Chương trình MTQG giảm nghèo bền vững 2021–2025")),
]


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Hãy nhập ngày dạng dd/mm/yyyy.")},
        **kwargs,
    )


class PeriodForm(forms.Form):
    """The period of a live table (screen, Excel, PDF). Bad input falls back to this year."""

    start = date_field(_("Từ ngày"), required=False)
    end = date_field(_("Đến ngày"), required=False)

    def period(self) -> tuple[dt.date, dt.date]:
        end = timezone.localdate()
        start = None
        if self.is_valid():
            start = self.cleaned_data["start"]
            end = self.cleaned_data["end"] or end
        start = start or dt.date(end.year, 1, 1)
        if end < start:
            start, end = dt.date(end.year, 1, 1), end
        return start, end

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=MonitoringReport.Kind.choices)
    program_code = forms.ChoiceField(label=_("Chương trình"), choices=PROGRAMS)
    period_start = date_field(_("Kỳ báo cáo từ ngày"))
    period_end = date_field(_("đến ngày"))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."))
            elif (end - start).days > 366:
                self.add_error("period_end", _("Một kỳ báo cáo dài nhất một năm."))
        return data


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = list(MonitoringReport.TEXT_FIELDS)
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in MonitoringReport.TEXT_FIELDS}


class IssueForm(forms.Form):
    issued_on = date_field(_("Ngày ban hành"))

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ngày ban hành không được ở tương lai."))
        return value


class ReplaceForm(IssueForm):
    reason = forms.CharField(
        label=_("Lý do thay thế"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class SubmissionForm(forms.Form):
    submitted_on = date_field(_("Ngày gửi"))
    channel = forms.ChoiceField(label=_("Hình thức gửi"), choices=MonitoringReport.Channel.choices)
    submitted_to = forms.CharField(label=_("Gửi tới"), max_length=200)

    def clean_submitted_on(self):
        value = self.cleaned_data["submitted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ngày gửi không được ở tương lai."))
        return value


class JSONText(forms.CharField):
    """A JSON list typed in a textarea; a syntax error is a message with the line number."""

    widget = forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"})

    def prepare_value(self, value):
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return json.loads(value or "[]")
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Nội dung JSON không đọc được ở dòng %(line)s, cột %(col)s: %(msg)s."),
                params={"line": error.lineno, "col": error.colno, "msg": error.msg},
            ) from error


class DefinitionForm(forms.ModelForm):
    columns = JSONText(label=_("Các cột (JSON)"))
    rows = JSONText(label=_("Các dòng (JSON)"))

    class Meta:
        model = ReportDefinition
        fields = [
            "name",
            "form_label",
            "title",
            "unit_label",
            "unit_divisor",
            "unit_decimals",
            "is_reference",
            "columns",
            "rows",
        ]

    def clean(self):
        data = super().clean()
        if "columns" in data and "rows" in data:
            for message in check(data["columns"], data["rows"]):
                self.add_error(None, message)
        return data


class MissionForm(forms.Form):
    name = forms.CharField(label=_("Tên đoàn, nội dung giám sát"), max_length=250)
    year = forms.IntegerField(label=_("Năm kế hoạch"), min_value=2020, max_value=2100)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))
    members = forms.CharField(
        label=_("Thành viên đoàn (mỗi dòng một người)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class UnitForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Xã"), queryset=None)
    village = forms.ModelChoiceField(label=_("Thôn (nếu giám sát một thôn)"), queryset=None, required=False)
    method = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[("field", _("Giám sát trực tiếp tại địa bàn")), ("report", _("Giám sát qua báo cáo"))],
    )
    visited_on = date_field(_("Ngày giám sát"), required=False)
    findings = forms.CharField(
        label=_("Kết quả, tồn tại phát hiện"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, communes, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["village"].queryset = villages
        self.fields["commune"].error_messages["invalid_choice"] = _("Xã này không thuộc phạm vi của đoàn.")
        self.fields["village"].error_messages["invalid_choice"] = _("Thôn này không thuộc phạm vi của đoàn.")


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Kiến nghị"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_on = date_field(_("Hạn khắc phục"))


class RemedyForm(forms.Form):
    remedied_on = date_field(_("Ngày khắc phục xong"))
    remedy = forms.CharField(
        label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    evidence = forms.CharField(label=_("Minh chứng (số, ngày văn bản; nơi lưu hồ sơ)"), max_length=300)
