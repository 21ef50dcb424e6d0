"""Forms of a project's life beyond the proposal and of the commune approval route."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from households.models import Household
from projects.forms import CleanTextMixin, MoneyField, VersionForm, _dots, date_field
from projects.models import Component, Council, CouncilReview, FundingSource, Round


class CancelForm(VersionForm):
    comment = forms.CharField(
        label=_("Lý do hủy (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UpperReturnForm(VersionForm):
    reasons = forms.CharField(
        label=_("Nội dung cấp trên yêu cầu bổ sung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Ghi nội dung cấp trên yêu cầu bổ sung.")},
    )
    comment = None


class RefuseForm(UpperReturnForm):
    reasons = forms.CharField(
        label=_("Lý do không phê duyệt"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do không phê duyệt.")},
    )


class CouncilForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Council
        fields = ["name", "established_by", "chair", "secretary", "members"]
        widgets = {"members": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "chair": {"required": _("Ghi chủ tịch hội đồng.")},
            "secretary": {"required": _("Ghi thư ký hội đồng.")},
            "members": {"required": _("Ghi các thành viên hội đồng, mỗi dòng một người.")},
        }

    def clean(self):
        data = super().clean()
        members = [m for m in (data.get("members") or "").splitlines() if m.strip()]
        if data.get("members") and len(members) < 3:
            self.add_error("members", _("Hội đồng cần ít nhất 3 thành viên."))
        return data


class CouncilReviewForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    meeting_date = date_field(_("Ngày họp hội đồng"), past=True)
    members_present = forms.CharField(
        label=_("Thành viên dự họp (mỗi dòng một người)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Ghi thành viên hội đồng dự họp.")},
    )
    score = forms.IntegerField(
        label=_("Điểm đánh giá (0–100, nếu chấm điểm)"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages={
            "min_value": _("Điểm từ 0 đến 100."),
            "max_value": _("Điểm từ 0 đến 100."),
            "invalid": _("Điểm là một số từ 0 đến 100."),
        },
    )
    opinions = forms.CharField(
        label=_("Ý kiến của các thành viên"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusion = forms.ChoiceField(
        label=_("Kết luận"),
        choices=CouncilReview.Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Chọn kết luận của hội đồng.")},
    )

    def clean(self):
        data = super().clean()
        conclusion = data.get("conclusion")
        if conclusion and conclusion != CouncilReview.Conclusion.PASS and not data.get("opinions"):
            self.add_error(
                "opinions", _("Cần ghi ý kiến của hội đồng khi đề nghị bổ sung hoặc đánh giá không đạt.")
            )
        return data


class AmountsMixin:
    def add_amount_fields(self, proposed: dict[str, int], label) -> None:
        labels = dict(FundingSource.choices)
        self.proposed = proposed
        for source in FundingSource.values:
            self.fields[f"amount_{source}"] = MoneyField(
                label=label % {"source": labels[source]},
                required=False,
                help_text=_("Dự án đề xuất: %(amount)s đ") % {"amount": _dots(proposed[source])}
                if proposed.get(source)
                else "",
            )

    @property
    def amounts(self) -> dict[str, int | None]:
        return {s: self.cleaned_data.get(f"amount_{s}") for s in FundingSource.values}


class CommuneApprovalForm(AmountsMixin, CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision_date = date_field(_("Ngày quyết định"), past=True)

    def __init__(self, *args, proposed: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_amount_fields(proposed, _("Được duyệt: %(source)s (đ)"))

    def clean(self):
        data = super().clean()
        if not any(self.amounts.values()):
            raise forms.ValidationError(_("Nhập kinh phí được phê duyệt theo ít nhất một nguồn vốn."))
        return data


class AdjustForm(AmountsMixin, CleanTextMixin, forms.Form):
    """The adjustment decision and the new content: one field per household and per item."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision_number = forms.CharField(label=_("Số quyết định điều chỉnh"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"), past=True)
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi lý do điều chỉnh.")},
    )
    duration_months = forms.IntegerField(label=_("Thời gian thực hiện (tháng)"), min_value=1, max_value=120)
    add_household = forms.CharField(
        label=_("Thêm hộ thay thế: mã hộ (không bắt buộc)"), max_length=40, required=False
    )
    add_shares = forms.IntegerField(label=_("Số suất của hộ thêm"), min_value=1, max_value=20, initial=1)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.participants = list(project.participants.select_related("household"))
        self.items = list(project.items.all())
        self.fields["duration_months"].initial = project.duration_months
        for p in self.participants:
            self.fields[f"shares_{p.pk}"] = forms.IntegerField(
                label=_("Số suất: %(name)s (%(code)s) — 0 để bỏ hộ")
                % {"name": p.household.head_name, "code": p.household.code},
                min_value=0,
                max_value=20,
                initial=p.shares,
            )
        for item in self.items:
            self.fields[f"qty_{item.pk}"] = forms.DecimalField(
                label=_("Số lượng mỗi hộ: %(name)s (%(unit)s)") % {"name": item.name, "unit": item.unit},
                min_value=0.01,
                max_digits=10,
                decimal_places=2,
                initial=item.quantity_per_household,
            )
        budget = {line.source: line.approved_amount for line in project.budget_lines.all()}
        self.add_amount_fields({}, _("Kinh phí được duyệt sau điều chỉnh: %(source)s (đ)"))
        for source, amount in budget.items():
            self.fields[f"amount_{source}"].initial = amount

    def clean_add_household(self):
        code = self.cleaned_data.get("add_household")
        if not code:
            return None
        household = Household.objects.filter(village=self.project.village, code__iexact=code).first()
        if household is None:
            raise forms.ValidationError(
                _("Không có hộ mã %(code)s ở %(village)s.")
                % {"code": code, "village": self.project.village.name}
            )
        return household

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "reason": data["reason"],
            "duration_months": data["duration_months"],
            "shares": {p.pk: data[f"shares_{p.pk}"] for p in self.participants},
            "quantities": {i.pk: data[f"qty_{i.pk}"] for i in self.items},
            "amounts": self.amounts,
            "add_household": data.get("add_household"),
            "add_shares": data.get("add_shares") or 1,
        }


class CompletionForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    accepted_on = date_field(_("Ngày nghiệm thu"), past=True)
    minutes_number = forms.CharField(label=_("Số biên bản nghiệm thu"), max_length=60, required=False)
    households_reached = forms.IntegerField(label=_("Số hộ thực tế được hỗ trợ"), min_value=0, max_value=500)
    outputs = forms.CharField(
        label=_("Sản phẩm, kết quả đầu ra"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Ghi kết quả đầu ra, ví dụ số con giống đã giao, số bê sinh ra.")},
    )
    achieved = forms.CharField(
        label=_("Đánh giá so với kế hoạch"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Ghi đánh giá kết quả so với kế hoạch được duyệt.")},
    )


class ReproposeForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Đợt triển khai nhận đề xuất lại"),
        queryset=Round.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Chọn một đợt đang nhận đề xuất của thôn.")},
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds

    def clean(self):
        data = super().clean()
        if not self.fields["round"].queryset.exists():
            raise forms.ValidationError(_("Hiện không có đợt nào đang nhận đề xuất của thôn."))
        return data


class CallForm(forms.Form):
    issued_on = date_field(_("Ngày thông báo"), past=True)


class ComponentForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Component
        fields = ["code", "name", "parent", "order", "to_verify", "note"]
        error_messages = {
            "code": {"required": _("Nhập mã, ví dụ ND-SX.CD.")},
            "name": {"required": _("Nhập tên nội dung.")},
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        parents = program.components.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = self.program.components.filter(code__iexact=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Mã %(code)s đã có trong chương trình.") % {"code": code})
        return code

    def component_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
