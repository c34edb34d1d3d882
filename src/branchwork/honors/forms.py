from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.forms import DATE, ModelForm
from branchwork.honors.models import Honor


class HonorForm(ModelForm):
    class Meta:
        model = Honor
        fields = [
            "title",
            "level",
            "awarding_body",
            "recipient",
            "member",
            "person_name",
            "year",
            "awarded_on",
            "period",
            "recognised_work",
            "notes",
        ]
        widgets = {
            "awarded_on": DATE,
            "recognised_work": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members

    def _post_clean(self) -> None:
        pass  # the service checks the recipient and the year


class CertificateForm(forms.Form):
    file = forms.FileField(label=_("Certificate scan (photo or PDF)"))
