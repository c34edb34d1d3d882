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
