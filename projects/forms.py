"""Forms of the support-project workflow: they validate and normalise, services move state."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo import uploads
from giamngheo.text import clean
from households.models import CommunityGroup
from projects.models import (
    BcdDecision,
    Component,
    FundingSource,
    LegalDocument,
    Participant,
    Project,
    Round,
    Status,
    SupportItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_in_future(day) -> None:
    """A date of something that already happened (a meeting, a decision, a payment)."""
    if day and day > timezone.localdate():
        raise forms.ValidationError(
            _("Ngày %(date)s chưa đến; chỉ ghi việc đã diễn ra.") % {"date": f"{day:%d/%m/%Y}"}
        )


def date_field(label, required: bool = True, past: bool = False) -> forms.DateField:
    """`past=True` for the date of something already done: a future date is refused."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        validators=[not_in_future] if past else [],
        error_messages={
            "invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
            "required": _("Vui lòng nhập ngày."),
        },
    )


class MoneyField(forms.IntegerField):
    """Whole đồng; accepts "1.500.000", "1 500 000" or "1500000 đ"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Số tiền không hợp lệ; chỉ nhập chữ số, ví dụ 1.500.000.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**15)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("đ", "").strip()
        return super().to_python(value)


class CleanTextMixin:
    """NFC-normalise and trim every text field."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean(value) if "\n" not in value else value.strip()
        return data


class VersionForm(CleanTextMixin, forms.Form):
    """The version of the project the user looked at, posted with every change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonsForm(VersionForm):
    comment = forms.CharField(
        label=_("Lý do, nội dung cần bổ sung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng ghi rõ lý do trả lại.")},
    )


# ---- rounds ------------------------------------------------------------------------------------------


class RoundForm(CleanTextMixin, forms.ModelForm):
    plan_number = forms.CharField(
        label=_("Hoặc nhập kế hoạch mới: số, ký hiệu"), max_length=60, required=False
    )
    plan_date = date_field(_("Ngày ban hành kế hoạch"), required=False)
    plan_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    plan_summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)

    class Meta:
        model = Round
        fields = [
            "name",
            "component",
            "year",
            "plan_document",
            "deadline",
            "villages",
            "bcd_direction_date",
            "bcd_direction",
            "notes",
        ]
        widgets = {
            "villages": forms.CheckboxSelectMultiple,
            "deadline": DATE,
            "bcd_direction_date": DATE,
            "bcd_direction": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "villages": {"required": _("Chọn ít nhất một thôn.")},
            "name": {"required": _("Vui lòng nhập tên đợt.")},
            "component": {"required": _("Chọn dự án thành phần.")},
            "deadline": {"required": _("Vui lòng nhập hạn gửi đề xuất."), "invalid": _("Ngày không hợp lệ.")},
        }

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        # Every component in use, the programs in force first; the year check says why an ended
        # program's component does not fit a year (the round's own component stays offered).
        components = Component.objects.filter(is_active=True)
        if self.instance.pk:
            components = components | Component.objects.filter(pk=self.instance.component_id)
        self.fields["component"].queryset = components.select_related("program").order_by(
            "-program__is_active", "-program__start_year", "order", "code"
        )
        self.fields["plan_document"].queryset = LegalDocument.objects.filter(
            Q(commune__isnull=True) | Q(commune=commune)
        )
        self.fields["plan_document"].required = False
        self.fields["villages"].queryset = commune.villages.filter(is_active=True).order_by("name")
        labels = dict(FundingSource.choices)
        for source in FundingSource.values:
            initial = None
            if self.instance.pk:
                initial = next((e.amount for e in self.instance.envelopes.all() if e.source == source), None)
            self.fields[f"envelope_{source}"] = MoneyField(
                label=_("Kinh phí: %(source)s (đ)") % {"source": labels[source]},
                required=False,
                initial=initial,
            )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline < timezone.localdate() and not unchanged:
            raise forms.ValidationError(
                _("Hạn gửi đề xuất đã qua; chọn một ngày từ hôm nay trở đi để các thôn kịp đề xuất.")
            )
        return deadline

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Năm kế hoạch không hợp lệ."))
        return year

    def clean(self):
        data = super().clean()
        from projects.services import program_period_problem

        if problem := program_period_problem(data.get("component"), data.get("year")):
            self.add_error("year", problem)
        new_plan = not data.get("plan_document") and data.get("plan_number")
        if new_plan and not (data.get("plan_date") and data.get("plan_issuer") and data.get("plan_summary")):
            raise forms.ValidationError(
                _("Kế hoạch mới cần đủ số, ngày ban hành, cơ quan ban hành và trích yếu.")
            )
        if not any(data.get(f"envelope_{s}") for s in FundingSource.values):
            raise forms.ValidationError(_("Nhập kinh phí của đợt theo ít nhất một nguồn vốn."))
        return data

    @property
    def envelopes(self) -> dict[str, int | None]:
        return {s: self.cleaned_data.get(f"envelope_{s}") for s in FundingSource.values}

    def round_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "villages"}

    def new_plan(self) -> dict | None:
        """A plan of the upper level typed in rather than picked from the list."""
        data = self.cleaned_data
        if data.get("plan_document") or not data.get("plan_number"):
            return None
        return {
            "number": data["plan_number"],
            "issued_on": data["plan_date"],
            "issuer": data["plan_issuer"],
            "summary": data["plan_summary"],
        }


# ---- step 2 ----------------------------------------------------------------------------------------------


class ProjectForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "model",
            "group",
            "place",
            "duration_months",
            "expected_results",
            "meeting_date",
            "meeting_attendees",
            "meeting_agree_share",
            "meeting_minutes",
        ]
        widgets = {
            "meeting_date": DATE,
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("Vui lòng nhập tên dự án.")},
            "model": {"required": _("Vui lòng nhập mô hình, ví dụ: Nuôi bò cái sinh sản.")},
            "place": {"required": _("Vui lòng nhập địa điểm thực hiện.")},
        }

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = CommunityGroup.objects.filter(village=village)
        self.fields["group"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_duration_months(self):
        months = self.cleaned_data["duration_months"]
        if not 1 <= months <= 120:
            raise forms.ValidationError(_("Thời gian thực hiện từ 1 đến 120 tháng."))
        return months

    def clean_meeting_date(self):
        day = self.cleaned_data.get("meeting_date")
        not_in_future(day)
        return day

    def clean_meeting_agree_share(self):
        value = self.cleaned_data.get("meeting_agree_share")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Tỷ lệ đồng ý phải từ 0 đến 100%."))
        return value

    def clean_meeting_minutes(self):
        return _check_upload(self.cleaned_data.get("meeting_minutes"))

    def project_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "meeting_minutes"}

    def new_upload(self):
        return _new_upload(self.cleaned_data.get("meeting_minutes"))


def _new_upload(value):
    """The file just uploaded, if any (a ModelForm hands back the stored file otherwise)."""
    return value if isinstance(value, UploadedFile) else None


def _check_upload(upload):
    """A scan (PDF, JPG, PNG) by its content, within the size limit, stored under a random name."""
    return uploads.check(upload, uploads.SCANS)


class ItemForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    unit_price = MoneyField(label=_("Đơn giá (đ)"))

    class Meta:
        model = SupportItem
        fields = ["name", "unit", "quantity_per_household", "unit_price", "source"]
        error_messages = {
            "name": {"required": _("Vui lòng nhập nội dung hỗ trợ.")},
            "unit": {"required": _("Vui lòng nhập đơn vị tính.")},
        }

    def clean_quantity_per_household(self):
        value = self.cleaned_data["quantity_per_household"]
        if value <= 0:
            raise forms.ValidationError(_("Số lượng mỗi hộ phải lớn hơn 0."))
        return value

    def item_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AddParticipantForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    household = forms.IntegerField(widget=forms.HiddenInput)
    shares = forms.IntegerField(label=_("Số suất"), min_value=1, max_value=20, initial=1)


class ParticipantForm(CleanTextMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Participant
        fields = ["shares", "commitment_signed_on", "commitment_scan", "note"]
        widgets = {"commitment_signed_on": DATE}

    def clean_shares(self):
        shares = self.cleaned_data["shares"]
        if not 1 <= shares <= 20:
            raise forms.ValidationError(_("Số suất từ 1 đến 20."))
        return shares

    def clean_commitment_signed_on(self):
        day = self.cleaned_data.get("commitment_signed_on")
        not_in_future(day)
        return day

    def clean_commitment_scan(self):
        return _check_upload(self.cleaned_data.get("commitment_scan"))

    def participant_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "commitment_scan"}

    def new_upload(self):
        return _new_upload(self.cleaned_data.get("commitment_scan"))


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm hộ (tên chủ hộ, mã hộ)"), max_length=100, required=False)


# ---- step 3 ----------------------------------------------------------------------------------------------


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def time_field(label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=TIME,
        error_messages={"invalid": _("Giờ không hợp lệ (giờ:phút, ví dụ 14:00).")},
    )


class BcdDecisionForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    meeting_date = date_field(_("Ngày họp BCĐ"), past=True)
    start_time = time_field(_("Bắt đầu lúc"))
    end_time = time_field(_("Kết thúc lúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    chair = forms.CharField(
        label=_("Chủ trì"), max_length=150, error_messages={"required": _("Ghi tên người chủ trì cuộc họp.")}
    )
    secretary = forms.CharField(
        label=_("Thư ký"), max_length=150, error_messages={"required": _("Ghi tên thư ký cuộc họp.")}
    )
    members_total = forms.IntegerField(
        label=_("Tổng số thành viên BCĐ"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=_("Để trống nếu mọi thành viên đều có mặt."),
    )
    members_present = forms.CharField(
        label=_("Thành viên dự họp (mỗi dòng một người)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Ghi danh sách thành viên BCĐ dự họp.")},
    )
    votes_for = forms.IntegerField(label=_("Số phiếu đồng ý"), min_value=0, max_value=200)
    votes_against = forms.IntegerField(
        label=_("Số phiếu không đồng ý"), min_value=0, max_value=200, initial=0
    )
    conclusion = forms.ChoiceField(
        label=_("Kết luận"), choices=BcdDecision.Conclusion.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Ý kiến, lý do"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commune is not None:
            from giamngheo.documents.forms import signatory_field

            self.fields["signatory"] = signatory_field("bb_bcd", commune)
            self.fields["signatory"].label = _("Ký biên bản (chủ trì)")

    def clean(self):
        data = super().clean()
        members = [line for line in data.get("members_present", "").splitlines() if line.strip()]
        if members and data.get("members_total") and data["members_total"] < len(members):
            self.add_error(
                "members_total",
                _("Tổng số thành viên (%(total)s) ít hơn số người dự họp đã ghi (%(present)s).")
                % {"total": data["members_total"], "present": len(members)},
            )
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("Giờ kết thúc phải sau giờ bắt đầu cuộc họp."))
        votes = (data.get("votes_for") or 0) + (data.get("votes_against") or 0)
        if members and votes > len(members):
            raise forms.ValidationError(
                _("Tổng số phiếu (%(votes)s) nhiều hơn số thành viên dự họp (%(members)s).")
                % {"votes": votes, "members": len(members)}
            )
        conclusion = data.get("conclusion")
        if conclusion and conclusion != BcdDecision.Conclusion.AGREE and not data.get("reasons"):
            self.add_error("reasons", _("Cần ghi rõ lý do khi BCĐ trả lại hoặc không đồng ý."))
        if (
            conclusion == BcdDecision.Conclusion.AGREE
            and members
            and data.get("votes_for", 0) * 2 <= len(members)
        ):
            self.add_error("conclusion", _("Kết luận đồng ý cần quá nửa số thành viên dự họp đồng ý."))
        return data


class SubmitUpwardForm(VersionForm):
    submission_date = date_field(_("Ngày tờ trình"), past=True)
    number = forms.CharField(
        label=_("Số tờ trình đã ban hành ngoài ứng dụng"),
        max_length=60,
        required=False,
        help_text=_(
            "Để trống (thường dùng): ứng dụng ban hành tờ trình, lấy số tiếp theo trong sổ văn bản "
            "của xã và lưu bản PDF."
        ),
    )

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commune is not None:
            from giamngheo.documents.forms import signatory_field

            self.fields["signatory"] = signatory_field("to_trinh", commune)


def _dots(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


class UpperDecisionForm(CleanTextMixin, forms.Form):
    OUTCOMES = [("approved", _("Phê duyệt")), ("refused", _("Không phê duyệt"))]

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=OUTCOMES, widget=forms.RadioSelect)
    decision_number = forms.CharField(label=_("Số quyết định / văn bản"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"), past=True)
    issuer = forms.CharField(label=_("Cơ quan quyết định"), max_length=200)
    reason = forms.CharField(
        label=_("Lý do (khi không phê duyệt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposed: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(FundingSource.choices)
        self.proposed = proposed or {}
        for source in FundingSource.values:
            self.fields[f"amount_{source}"] = MoneyField(
                label=_("Được duyệt: %(source)s (đ)") % {"source": labels[source]},
                required=False,
                help_text=_("Dự án đề xuất: %(amount)s đ") % {"amount": _dots(self.proposed[source])}
                if self.proposed.get(source)
                else "",
            )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "approved" and not any(self.amounts.values()):
            raise forms.ValidationError(_("Nhập kinh phí được phê duyệt theo ít nhất một nguồn vốn."))
        if data.get("outcome") == "refused" and not data.get("reason"):
            self.add_error("reason", _("Cần ghi lý do cấp trên không phê duyệt."))
        proposed = sum(self.proposed.values())
        approved = sum(amount or 0 for amount in self.amounts.values())
        if data.get("outcome") == "approved" and approved > proposed:
            raise forms.ValidationError(
                _("Tổng kinh phí duyệt (%(approved)s đ) vượt tổng kinh phí dự án đề xuất (%(proposed)s đ).")
                % {"approved": _dots(approved), "proposed": _dots(proposed)}
            )
        return data

    @property
    def amounts(self) -> dict[str, int | None]:
        return {s: self.cleaned_data.get(f"amount_{s}") for s in FundingSource.values}


class WithdrawForm(CleanTextMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do thu hồi.")},
    )
    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"), past=True)


# ---- posting, complaints, budget -------------------------------------------------------------------------


class PostingForm(CleanTextMixin, forms.Form):
    posted_from = date_field(_("Niêm yết từ ngày"))
    posted_to = date_field(_("Đến ngày"))
    place = forms.CharField(label=_("Địa điểm niêm yết"), max_length=200, initial=_("Nhà văn hóa thôn"))
    witnesses = forms.CharField(
        label=_("Người chứng kiến (mỗi dòng một người)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Nguyễn Văn A – đại diện Ban công tác Mặt trận thôn."),
    )
    village_head = forms.CharField(label=_("Trưởng thôn ký biên bản"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        if data.get("posted_from") and data.get("posted_to") and data["posted_to"] < data["posted_from"]:
            self.add_error("posted_to", _("Ngày kết thúc phải sau ngày bắt đầu niêm yết."))
        return data


class ComplaintForm(CleanTextMixin, forms.Form):
    received_on = date_field(_("Ngày nhận"), past=True)
    complainant = forms.CharField(label=_("Người phản ánh"), max_length=150)
    content = forms.CharField(label=_("Nội dung"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveComplaintForm(CleanTextMixin, forms.Form):
    resolved_on = date_field(_("Ngày giải quyết"), past=True)
    resolution = forms.CharField(
        label=_("Kết quả giải quyết"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi kết quả giải quyết.")},
    )


class DisbursementForm(CleanTextMixin, forms.Form):
    source = forms.ChoiceField(label=_("Nguồn vốn"), choices=FundingSource.choices)
    paid_on = date_field(_("Ngày giải ngân"), past=True)
    amount = MoneyField(label=_("Số tiền (đ)"), min_value=1)
    document = forms.CharField(label=_("Chứng từ (số, ngày)"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + Status.choices
    )
    round = forms.ModelChoiceField(
        label=_("Đợt"), required=False, queryset=Round.objects.none(), empty_label=_("Tất cả")
    )
    q = forms.CharField(label=_("Tìm theo tên"), max_length=100, required=False)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
