"""Password rules. Django's validators do the checking; this only fixes a message.

Django 6.1 reworded the minimum-length message and its Vietnamese catalogue still carries the
old wording, so the message would show in English: we give it in Vietnamese ourselves.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
