from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.forms import DateField, MonthField, VersionedFormMixin
from branchwork.dues.models import FeeBasis, Payment
from branchwork.dues.rules import FeeCategory


class BasisForm(VersionedFormMixin, forms.Form):
    """A member's dues basis. Opened on a stored basis (``instance``: the one in force), it
    shows that basis's values and carries its version, so a save after someone else changed it
    is refused; another month sets a new basis from that month."""

    category = forms.ChoiceField(label=_("Category"), choices=FeeCategory.choices)
    base = forms.DecimalField(
        label=_("Monthly base (yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("After-tax regular monthly pay, or the pension; not needed for fixed fees."),
    )
    effective_from = MonthField(label=_("From month"))
    payslip_items = forms.CharField(
        label=_("Payslip items used"),
        max_length=300,
        required=False,
        help_text=_("E.g. 职务工资 + 级别工资 + 津贴补贴 − 个人所得税."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, instance: FeeBasis | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                **{name: getattr(instance, name) for name in self.base_fields},
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)


class PaymentForm(forms.Form):
    first_month = MonthField(label=_("First month"))
    last_month = MonthField(label=_("Last month"))
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    paid_on = DateField(label=_("Paid on"))
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", _("The last month is before the first."))
        return data


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Why is this payment reversed?"), max_length=300)


class VoluntaryForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    paid_on = DateField(label=_("Paid on"))
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RemittanceForm(forms.Form):
    paid_on = DateField(label=_("Remitted on"))
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    to_name = forms.CharField(label=_("To"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReductionForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    first_month = MonthField(label=_("From month"))
    last_month = MonthField(label=_("To month"))
    monthly_fee = forms.DecimalField(
        label=_("Reduced monthly fee (0 = exempt)"), min_value=0, max_digits=12, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class QuoteForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=FeeCategory.choices)
    base = forms.DecimalField(
        label=_("Monthly base (yuan)"), required=False, max_digits=12, decimal_places=2
    )
