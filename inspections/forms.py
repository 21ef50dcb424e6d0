"""Forms after approval: they validate and normalise (Vietnamese messages); services move state."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo import uploads
from giamngheo.text import clean
from inspections import photos
from inspections.models import (
    CommuneFollowUpSettings,
    ConsequenceKind,
    Handover,
    HandoverLine,
    InspectionKind,
    InspectionResult,
    ItemKind,
    ItemStatus,
    Outcome,
    RecoveryOutcome,
    Sex,
    Supplier,
)
from projects.forms import MoneyField, date_field

MAX_PHOTOS = 6


def _text(value: str) -> str:
    return clean(value or "")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class QuantityField(forms.DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Số lượng không hợp lệ; ví dụ 1 hoặc 2,5."),
                "min_value": _("Số lượng phải lớn hơn 0."),
                "required": _("Vui lòng nhập số lượng."),
                "max_digits": _("Số lượng quá lớn."),
                "max_decimal_places": _("Số lượng chỉ có tối đa 2 chữ số thập phân."),
            },
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class SupplierForm(forms.ModelForm):
    contract_value = MoneyField(label=_("Giá trị hợp đồng (đ)"), required=False)
    contract_date = date_field(_("Ngày hợp đồng"), required=False, past=True)

    class Meta:
        model = Supplier
        fields = [
            "name",
            "tax_code",
            "address",
            "representative",
            "representative_title",
            "contract_number",
            "contract_date",
            "contract_value",
        ]

    def clean_tax_code(self) -> str:
        value = "".join((self.cleaned_data.get("tax_code") or "").split()).replace("-", "")
        if value and (not value.isdigit() or len(value) not in (10, 13)):
            raise forms.ValidationError(_("Mã số thuế gồm 10 hoặc 13 chữ số."))
        return value


class HandoverForm(forms.ModelForm):
    held_on = date_field(_("Ngày bàn giao"), past=True)

    class Meta:
        model = Handover
        fields = [
            "held_on",
            "held_at",
            "place",
            "supplier",
            "giver_name",
            "giver_representative",
            "giver_title",
            "team_members",
            "witnesses",
            "condition",
            "opinions",
        ]
        widgets = {
            "held_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "team_members": forms.Textarea(attrs={"rows": 3}),
            "witnesses": forms.Textarea(attrs={"rows": 3}),
            "condition": forms.Textarea(attrs={"rows": 2}),
            "opinions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(commune=commune)
        self.fields["supplier"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("supplier") and not (data.get("giver_name") or "").strip():
            self.add_error("giver_name", _("Chọn đơn vị cung ứng hoặc ghi tên bên giao."))
        return data

    def handover_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LineForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Hộ nhận"),
        queryset=None,
        error_messages={"required": _("Chọn hộ nhận."), "invalid_choice": _("Hộ không thuộc dự án.")},
    )
    item = forms.ModelChoiceField(
        label=_("Nội dung hỗ trợ"),
        queryset=None,
        error_messages={
            "required": _("Chọn nội dung hỗ trợ."),
            "invalid_choice": _("Nội dung không thuộc dự án."),
        },
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=ItemKind.choices, initial=ItemKind.LIVESTOCK)
    variety = forms.CharField(label=_("Loài, giống"), max_length=150, required=False)
    quantity = QuantityField(label=_("Số lượng"))
    unit_price = MoneyField(
        label=_("Đơn giá (đ)"), required=False, help_text=_("Để trống: đơn giá được duyệt.")
    )
    identifier = forms.CharField(label=_("Số tai, mã số"), max_length=60, required=False)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    age_months = forms.IntegerField(label=_("Tuổi (tháng)"), min_value=0, max_value=600, required=False)
    weight_kg = forms.DecimalField(
        label=_("Trọng lượng (kg)"), max_digits=7, decimal_places=1, min_value=0, required=False
    )
    vaccination = forms.CharField(label=_("Tiêm phòng (bệnh, ngày)"), max_length=200, required=False)
    quarantine_paper = forms.CharField(label=_("Giấy kiểm dịch (số)"), max_length=100, required=False)
    refused = forms.BooleanField(label=_("Hộ không nhận (trả lại bên giao)"), required=False)
    refusal_reason = forms.CharField(label=_("Lý do không nhận"), max_length=250, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = project.participants.select_related("household").order_by(
            "household__head_name"
        )
        self.fields["participant"].label_from_instance = lambda p: p.household.head_name
        self.fields["item"].queryset = project.items.all()

    def clean(self):
        data = super().clean()
        if data.get("refused") and not _text(data.get("refusal_reason")):
            self.add_error(
                "refusal_reason", _("Ghi lý do không nhận (ví dụ: chưa kiểm dịch, không đủ trọng lượng).")
            )
        return data

    def line_fields(self) -> dict:
        d = dict(self.cleaned_data)
        for name in ("variety", "identifier", "vaccination", "quarantine_paper", "refusal_reason"):
            d[name] = _text(d[name])
        return d


class IssueForm(VersionForm):
    issued_on = date_field(_("Ngày ban hành"), past=True)


class ScanForm(VersionForm):
    scan = forms.FileField(label=_("Bản quét biên bản đã ký (PDF hoặc ảnh)"))

    def clean_scan(self):
        # The shared checks: by content, size-limited, stored under a random name.
        return uploads.check(self.cleaned_data["scan"], uploads.SCANS)


class CorrectionForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("Dòng cần đính chính"), queryset=None, error_messages={"required": _("Chọn dòng.")}
    )
    identifier = forms.CharField(label=_("Số tai, mã số"), max_length=60, required=False)
    weight_kg = forms.DecimalField(
        label=_("Trọng lượng (kg)"), max_digits=7, decimal_places=1, min_value=0, required=False
    )
    age_months = forms.IntegerField(label=_("Tuổi (tháng)"), min_value=0, max_value=600, required=False)
    vaccination = forms.CharField(label=_("Tiêm phòng"), max_length=200, required=False)
    quarantine_paper = forms.CharField(label=_("Giấy kiểm dịch"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Cần ghi lý do đính chính biên bản.")},
    )
    issued_on = date_field(_("Ngày ban hành biên bản đính chính"), past=True)

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = handover.lines.select_related("household", "item")
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.household.head_name} – {line.variety or line.item.name} {line.identifier}"
        )

    def changes(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("weight_kg", "age_months") if d.get(k) is not None}
        out |= {k: _text(d[k]) for k in ("identifier", "vaccination", "quarantine_paper") if d.get(k)}
        return out


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/*", "capture": "environment", "multiple": True})

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Tối đa %(n)s ảnh mỗi lần kiểm tra.") % {"n": MAX_PHOTOS})
        cleaned = [single(f, initial) for f in files]
        for f in cleaned:
            try:
                photos.process(f)
            except forms.ValidationError:
                raise
            f.seek(0)
        return cleaned


TRI = [("", "—"), ("yes", _("Có")), ("no", _("Không"))]


class InspectionForm(VersionForm):
    done_on = date_field(_("Ngày kiểm tra"))
    inspectors = forms.CharField(
        label=_("Người kiểm tra"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi tên người kiểm tra.")},
    )
    member_present = forms.CharField(label=_("Thành viên hộ có mặt"), max_length=150, required=False)
    offspring = forms.CharField(label=_("Con sinh ra (ngày, giới tính)"), max_length=250, required=False)
    shed_condition = forms.CharField(label=_("Chuồng trại, vườn cây"), max_length=250, required=False)
    guidance_followed = forms.ChoiceField(
        label=_("Thực hiện đúng hướng dẫn kỹ thuật"), choices=TRI, required=False
    )
    findings = forms.CharField(
        label=_("Nhận xét, phát hiện"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    result = forms.ChoiceField(
        label=_("Kết quả"),
        choices=InspectionResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vui lòng chọn kết quả kiểm tra.")},
    )
    recommendations = forms.CharField(
        label=_("Kiến nghị"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recommendation_deadline = date_field(_("Hạn thực hiện kiến nghị"), required=False)
    photos = PhotosField(label=_("Ảnh chụp (máy ảnh điện thoại)"), required=False)

    def __init__(self, *args, lines, clauses, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.clauses = clauses
        before = {i.line_id: i for i in previous.items.all()} if previous else {}
        for line in lines:
            last = before.get(line.pk)
            self.fields[f"status_{line.pk}"] = forms.ChoiceField(
                label=f"{line.variety or line.item.name} {line.identifier}".strip(),
                choices=[("", _("— chọn tình trạng —")), *ItemStatus.choices],
                initial=last.status if last else "",
                error_messages={"required": _("Chọn tình trạng của từng hỗ trợ.")},
            )
            self.fields[f"note_{line.pk}"] = forms.CharField(
                label=_("Ghi chú"), max_length=250, required=False, initial=last.note if last else ""
            )
        kept_before = previous.clauses_kept if previous else []
        for n, text in enumerate(clauses):
            prior = kept_before[n] if n < len(kept_before) else None
            self.fields[f"clause_{n}"] = forms.ChoiceField(
                label=text,
                choices=TRI,
                required=False,
                initial={True: "yes", False: "no"}.get(prior, ""),
            )
        if previous and not self.is_bound:
            for name in ("inspectors", "member_present", "offspring", "shed_condition", "recommendations"):
                self.fields[name].initial = getattr(previous, name)
            self.fields["guidance_followed"].initial = {True: "yes", False: "no"}.get(
                previous.guidance_followed, ""
            )

    def item_rows(self):
        return [(line, self[f"status_{line.pk}"], self[f"note_{line.pk}"]) for line in self.lines]

    def clause_rows(self):
        return [self[f"clause_{n}"] for n in range(len(self.clauses))]

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày kiểm tra không được sau hôm nay."))
        return day

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        tri = {"yes": True, "no": False, "": None}
        return {
            "version": d.get("version"),
            "done_on": d["done_on"],
            "result": d["result"],
            "inspectors": _text(d["inspectors"]),
            "member_present": _text(d["member_present"]),
            "offspring": _text(d["offspring"]),
            "shed_condition": _text(d["shed_condition"]),
            "guidance_followed": tri[d["guidance_followed"]],
            "findings": d["findings"].strip(),
            "recommendations": d["recommendations"].strip(),
            "recommendation_deadline": d["recommendation_deadline"],
            "item_statuses": {
                line.pk: (d[f"status_{line.pk}"], _text(d[f"note_{line.pk}"])) for line in self.lines
            },
            "clauses_kept": [tri[d[f"clause_{n}"]] for n in range(len(self.clauses))],
            "images": d["photos"],
        }


class AdhocForm(forms.Form):
    due_on = date_field(_("Hạn kiểm tra"))
    reason = forms.CharField(
        label=_("Lý do kiểm tra đột xuất"),
        max_length=250,
        error_messages={"required": _("Ghi lý do kiểm tra đột xuất.")},
    )
    assigned_to = forms.ModelChoiceField(label=_("Cán bộ được giao"), queryset=None, required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = team


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label=_("Số hộ chọn ngẫu nhiên"),
        min_value=1,
        max_value=500,
        error_messages={"min_value": _("Số hộ phải lớn hơn 0."), "required": _("Nhập số hộ.")},
    )
    seed = forms.IntegerField(
        label=_("Số gieo (ghi lại để chọn lại đúng các hộ này)"), min_value=0, max_value=2**31 - 1
    )
    due_on = date_field(_("Hạn kiểm tra"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=InspectionKind.choices)
    team = forms.CharField(
        label=_("Thành phần đoàn kiểm tra"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    project = forms.ModelChoiceField(label=_("Dự án"), queryset=None, required=False)
    village = forms.ModelChoiceField(label=_("Thôn"), queryset=None, required=False)
    sample_size = forms.IntegerField(
        label=_("Chọn ngẫu nhiên số hộ"), min_value=1, max_value=500, required=False
    )
    seed = forms.IntegerField(label=_("Số gieo"), min_value=0, max_value=2**31 - 1, required=False)
    starts_on = date_field(_("Từ ngày"))
    ends_on = date_field(_("Đến ngày"))

    def __init__(self, *args, projects, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["village"].queryset = villages

    def clean(self):
        d = super().clean()
        if d.get("starts_on") and d.get("ends_on") and d["ends_on"] < d["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc đợt phải sau ngày bắt đầu."))
        if d.get("sample_size") and not d.get("project"):
            self.add_error("project", _("Chọn dự án để chọn mẫu ngẫu nhiên."))
        if d.get("sample_size") and d.get("seed") is None:
            self.add_error("seed", _("Nhập số gieo để có thể chọn lại đúng mẫu."))
        return d


class MonitoringNoteForm(forms.Form):
    observed_on = date_field(_("Ngày ghi nhận"), past=True)
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Ghi nội dung quan sát.")},
    )
    suspected_breach = forms.BooleanField(
        label=_("Nghi hộ vi phạm cam kết (đề nghị xã kiểm tra đột xuất)"), required=False
    )


class ConsequenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ConsequenceKind.choices)
    note = forms.CharField(label=_("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = date_field(_("Hạn khắc phục"), required=False)


class RecoveryProposalForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("Hỗ trợ cần thu hồi"),
        queryset=None,
        error_messages={"required": _("Chọn hỗ trợ cần thu hồi.")},
    )
    quantity = QuantityField(label=_("Số lượng hiện vật thu hồi"), required=False, min_value=0)
    amount = MoneyField(label=_("Số tiền thu hồi (đ)"), required=False)
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do đề xuất thu hồi.")},
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.variety or line.item.name} {line.identifier} ({line.handover.held_on:%d/%m/%Y})"
        )

    def clean(self):
        d = super().clean()
        if not d.get("quantity") and not d.get("amount") and "quantity" not in self.errors:
            self.add_error("quantity", _("Ghi số lượng hiện vật hoặc số tiền cần thu hồi."))
        return d


class DecisionForm(VersionForm):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Thu hồi")), ("0", _("Không thu hồi"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn thu hồi hoặc không.")},
    )
    note = forms.CharField(
        label=_("Ý kiến"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    issued_on = date_field(_("Ngày quyết định"), past=True)


class RecoverForm(VersionForm):
    recovered_on = date_field(_("Ngày thu hồi"), past=True)


class SettleForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Xử lý hỗ trợ đã thu hồi"), choices=RecoveryOutcome.choices)
    proceeds = MoneyField(label=_("Số tiền bán được (đ)"), required=False)
    reassigned_to = forms.ModelChoiceField(label=_("Giao lại cho hộ"), queryset=None, required=False)

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassigned_to"].queryset = households

    def clean(self):
        d = super().clean()
        if d.get("outcome") == RecoveryOutcome.SOLD and not d.get("proceeds"):
            self.add_error("proceeds", _("Ghi số tiền bán được."))
        if d.get("outcome") == RecoveryOutcome.REASSIGNED and not d.get("reassigned_to"):
            self.add_error("reassigned_to", _("Chọn hộ nhận lại."))
        return d


class RotationForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Hộ nhận luân chuyển"), queryset=None, error_messages={"required": _("Chọn hộ nhận.")}
    )
    rotated_on = date_field(_("Ngày luân chuyển"), past=True)
    from_line = forms.ModelChoiceField(
        label=_("Con giống đã nhận được chuyển đi (để trống nếu là con sinh ra)"),
        queryset=None,
        required=False,
    )
    identifier = forms.CharField(label=_("Số tai, mã số"), max_length=60, required=False)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False)
    age_months = forms.IntegerField(label=_("Tuổi (tháng)"), min_value=0, max_value=600, required=False)
    weight_kg = forms.DecimalField(
        label=_("Trọng lượng (kg)"), max_digits=7, decimal_places=1, min_value=0, required=False
    )

    def __init__(self, *args, households, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = households
        self.fields["from_line"].queryset = lines


class CloseCommitmentForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices)
    closed_on = date_field(_("Ngày kết thúc"), past=True)


class FollowUpSettingsForm(forms.ModelForm):
    class Meta:
        model = CommuneFollowUpSettings
        fields = ["keep_photo_location"]


class WorkFilterForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn"), queryset=None, required=False)
    inspector = forms.ModelChoiceField(label=_("Cán bộ"), queryset=None, required=False)

    def __init__(self, *args, villages, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["inspector"].queryset = team


__all__ = ["HandoverLine"]
