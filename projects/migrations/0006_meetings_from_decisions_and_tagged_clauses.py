"""Every BCĐ decision recorded before meetings existed becomes its own meeting (each took its own
minutes number then; the number moves to the meeting, none is lost). The default rule set's
livestock clauses get a model tag, so a crop project's commitment no longer prints them."""

from django.db import migrations

LIVESTOCK = ["bò", "trâu", "dê", "cừu", "lợn", "heo", "gà", "vịt", "ngan", "ngỗng", "thỏ", "chăn nuôi"]
LIVESTOCK_STARTS = ("Làm chuồng trại", "Tiêm phòng", "Luân chuyển con giống")


def decisions_to_meetings(apps, schema_editor):
    BcdDecision = apps.get_model("projects", "BcdDecision")
    BcdMeeting = apps.get_model("projects", "BcdMeeting")
    for decision in BcdDecision.objects.filter(meeting__isnull=True).select_related("project"):
        attendees = [line.strip() for line in decision.members_present.splitlines() if line.strip()]
        meeting = BcdMeeting.objects.create(
            commune_id=decision.project.commune_id,
            date=decision.meeting_date,
            place=decision.place,
            members_total=len(attendees),
            members_present=len(attendees),
            attendees=decision.members_present,
            chair=decision.chair,
            secretary=decision.secretary,
            number=decision.minutes_number,
            recorded_by_id=decision.recorded_by_id,
        )
        decision.meeting = meeting
        decision.save(update_fields=["meeting"])


def meetings_to_decisions(apps, schema_editor):
    apps.get_model("projects", "BcdDecision").objects.update(meeting=None)
    apps.get_model("projects", "BcdMeeting").objects.all().delete()


def tag_clauses(apps, schema_editor):
    RuleSet = apps.get_model("projects", "RuleSet")
    for rules in RuleSet.objects.all():
        changed = False
        clauses = []
        for clause in rules.commitment_clauses or []:
            if isinstance(clause, str) and clause.startswith(LIVESTOCK_STARTS):
                clause = {"text": clause, "models": LIVESTOCK}
                changed = True
            clauses.append(clause)
        if changed:
            rules.commitment_clauses = clauses
            rules.save(update_fields=["commitment_clauses"])


def untag_clauses(apps, schema_editor):
    RuleSet = apps.get_model("projects", "RuleSet")
    for rules in RuleSet.objects.all():
        rules.commitment_clauses = [c["text"] if isinstance(c, dict) else c for c in rules.commitment_clauses]
        rules.save(update_fields=["commitment_clauses"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_bcd_meetings_and_posting_minutes")]

    operations = [
        migrations.RunPython(decisions_to_meetings, meetings_to_decisions),
        migrations.RunPython(tag_clauses, untag_clauses),
    ]
