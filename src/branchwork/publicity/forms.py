from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.forms import DATETIME, DateTimeField, ModelForm
from branchwork.publicity.models import Item


class ItemForm(ModelForm):
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    related = forms.ModelMultipleChoiceField(
        label=_("Related items"), queryset=Item.objects.none(), required=False
    )

    class Meta:
        model = Item
        fields = [
            "kind",
            "audience",
            "title",
            "summary",
            "body",
            "title_en",
            "summary_en",
            "body_en",
            "author",
            "source",
            "source_url",
            "openness_rule",
            "period_year",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "body": _(
                "Plain text (a blank line starts a paragraph) or simple HTML; scripts, "
                "styles and frames are removed."
            ),
        }

    def __init__(self, *args: Any, related: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if related is not None:
            self.fields["related"].queryset = related  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["related"].initial = list(
                self.instance.related.values_list("pk", flat=True)
            )


class ApproveForm(forms.Form):
    publish_at = DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=DATETIME,
        help_text=_("Leave empty to publish now."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("What should change"), max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)


class ChannelForm(forms.Form):
    enabled = forms.BooleanField(label=_("Public news pages on"), required=False)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=100, required=False)
