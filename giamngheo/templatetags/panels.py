from django import template

from giamngheo import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, slot: str, obj):
    """The HTML other apps contribute to `slot` for `obj` ("" when none)."""
    return panels.render(slot, context["request"], obj)
