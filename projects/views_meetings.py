"""One BCĐ meeting on several projects: one form, each waiting project with its conclusion, one
minutes (projects/meetings.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from giamngheo import access
from projects import meetings, selectors
from projects.forms import CleanTextMixin, date_field, time_field
from projects.models import BcdDecision, Project
from projects.services import WorkflowError

NOT_CONSIDERED = ""


class MeetingForm(CleanTextMixin, forms.Form):
    date = date_field(gettext_lazy("Ngày họp BCĐ"), past=True)
    start_time = time_field(gettext_lazy("Bắt đầu lúc"))
    end_time = time_field(gettext_lazy("Kết thúc lúc"))
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=200, required=False)
    members_total = forms.IntegerField(
        label=gettext_lazy("Tổng số thành viên BCĐ"), min_value=1, max_value=200
    )
    members_present = forms.IntegerField(
        label=gettext_lazy("Số thành viên có mặt"), min_value=1, max_value=200
    )
    attendees = forms.CharField(
        label=gettext_lazy("Thành viên dự họp (mỗi dòng một người)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Ghi danh sách thành viên BCĐ dự họp.")},
    )
    chair = forms.CharField(label=gettext_lazy("Chủ trì"), max_length=150)
    secretary = forms.CharField(label=gettext_lazy("Thư ký"), max_length=150)

    def __init__(self, *args, commune, projects, **kwargs):
        super().__init__(*args, **kwargs)
        from giamngheo.documents.forms import signatory_field

        self.fields["signatory"] = signatory_field("bb_bcd", commune)
        self.fields["signatory"].label = _("Ký biên bản (chủ trì)")
        self.projects = projects
        choices = [(NOT_CONSIDERED, _("Không xem xét trong cuộc họp này")), *BcdDecision.Conclusion.choices]
        for project in projects:
            p = f"p{project.pk}"
            self.fields[f"{p}_version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=project.version, required=False
            )
            self.fields[f"{p}_conclusion"] = forms.ChoiceField(
                label=_("Kết luận"), choices=choices, required=False, widget=forms.RadioSelect, initial=""
            )
            self.fields[f"{p}_votes_for"] = forms.IntegerField(
                label=_("Số phiếu đồng ý"), min_value=0, max_value=200, required=False
            )
            self.fields[f"{p}_votes_against"] = forms.IntegerField(
                label=_("Số phiếu không đồng ý"), min_value=0, max_value=200, required=False, initial=0
            )
            self.fields[f"{p}_reasons"] = forms.CharField(
                label=_("Ý kiến, lý do"),
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def blocks(self):
        """(project, its bound fields) for the template, one block per waiting project."""
        for project in self.projects:
            p = f"p{project.pk}"
            yield (
                project,
                [self[f"{p}_{name}"] for name in ("conclusion", "votes_for", "votes_against", "reasons")],
                self[f"{p}_version"],
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("members_total")
            and data.get("members_present")
            and data["members_present"] > data["members_total"]
        ):
            self.add_error("members_present", _("Số thành viên có mặt nhiều hơn tổng số thành viên BCĐ."))
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("Giờ kết thúc phải sau giờ bắt đầu cuộc họp."))
        self.conclusions = []
        for project in self.projects:
            p = f"p{project.pk}"
            conclusion = data.get(f"{p}_conclusion")
            if not conclusion:
                continue
            if data.get(f"{p}_votes_for") is None:
                self.add_error(f"{p}_votes_for", _("Ghi số phiếu đồng ý."))
                continue
            if conclusion != BcdDecision.Conclusion.AGREE and not data.get(f"{p}_reasons"):
                self.add_error(f"{p}_reasons", _("Cần ghi rõ lý do khi BCĐ trả lại hoặc không đồng ý."))
                continue
            self.conclusions.append(
                meetings.Conclusion(
                    project,
                    conclusion,
                    data[f"{p}_votes_for"],
                    data.get(f"{p}_votes_against") or 0,
                    data.get(f"{p}_reasons") or "",
                    data.get(f"{p}_version"),
                )
            )
        if not self.errors and not self.conclusions:
            raise forms.ValidationError(_("Chọn kết luận cho ít nhất một dự án cuộc họp đã xem xét."))
        return data


@require_http_methods(["GET", "POST"])
@login_required
@access.action_required("project.bcd_decide")
def bcd_meeting(request):
    commune = access.communes_for(request.user, "project.bcd_decide").order_by("name").first()
    if commune is None:
        return redirect("projects:list")
    waiting = list(
        selectors.projects_for(request.user, "project.bcd_decide")
        .filter(commune=commune, status=Project.Status.BCD_REVIEW)
        .select_related("village")
        .order_by("village__name", "name")
    )
    from projects.views import meeting_initial

    initial = {"date": timezone.localdate(), "place": _("Hội trường UBND xã")} | meeting_initial(commune)
    form = MeetingForm(request.POST or None, initial=initial, commune=commune, projects=waiting)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.record_bcd_meeting(
                commune,
                by=request.user,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                members_total=data["members_total"],
                members_present=data["members_present"],
                attendees=data["attendees"],
                chair=data["chair"],
                secretary=data["secretary"],
                signatory=data["signatory"],
                conclusions=form.conclusions,
            )
        except WorkflowError as e:
            form.add_error(None, str(e))
        else:
            messages.success(
                request,
                _("Đã ghi cuộc họp BCĐ và ban hành biên bản số %(number)s.") % {"number": meeting.number},
            )
            return redirect("documents:register")
    return render(
        request, "projects/bcd_meeting.html", {"form": form, "commune": commune, "waiting": waiting}
    )
