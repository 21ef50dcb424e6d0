from django.core.management.base import BaseCommand

from giamngheo.security_doc import DOC, rendered


class Command(BaseCommand):
    help = "Rewrite the roles table of docs/security.md from access.ACTIONS."

    def handle(self, *args, **options):
        text = DOC.read_text(encoding="utf-8")
        new = rendered(text)
        if new == text:
            self.stdout.write("docs/security.md is up to date.")
            return
        DOC.write_text(new, encoding="utf-8")
        self.stdout.write("docs/security.md: roles table rewritten.")
