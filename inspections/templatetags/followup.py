from decimal import Decimal, InvalidOperation

from django import template

from giamngheo.templatetags.vn import group_thousands

register = template.Library()


@register.filter
def qty(value) -> str:
    """A quantity without trailing zeros, Vietnamese style: 1, 2,5, 1.200."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    return f"{sign}{group_thousands(int(whole))}" + (f",{fraction}" if fraction else "")
