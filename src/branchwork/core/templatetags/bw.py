from django import forms, template

register = template.Library()


@register.filter
def bs_widget(field: forms.BoundField) -> str:
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.inclusion_tag("includes/level_badge.html")
def level_badge(level: str | None) -> dict[str, object]:
    """A finding's level (core.levels.Level) as a labelled badge; nothing for no level."""
    from branchwork.core.levels import BADGE_CLASS, Level

    if not level:
        return {"label": None}
    return {"label": Level(level).label, "css": BADGE_CLASS[level]}


@register.simple_tag(takes_context=True)
def can_do(context: dict[str, object], action: str, organization: object = None) -> bool:
    """``{% can_do "member.view" org as may %}``: may the signed-in user do ``action`` on
    ``organization`` (anywhere when omitted)? Pages use it so that no link leads to a page the
    user's role cannot open."""
    from branchwork.core.scoping import can

    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and can(user, action, organization)  # type: ignore[arg-type]


@register.filter
def translated(text: str) -> str:
    """Stored text (an activity note, a status reason written by a service) in the reader's
    language, message by message from the catalogs (``core.translate``); typed text as is."""
    from branchwork.core.translate import translate_text

    return translate_text(str(text or ""))
