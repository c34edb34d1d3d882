"""Form errors become flash messages, led by the field's label."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from branchwork.core.utils import errors_to_messages


class _Form(forms.Form):
    day = forms.DateField(label="Date")

    def clean(self):
        raise forms.ValidationError("Whole form refused.")


def test_field_errors_carry_their_label_and_form_errors_stand_alone():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    form = _Form({"day": "2024-02-31"})
    assert not form.is_valid()
    errors_to_messages(request, form)
    assert [str(m) for m in get_messages(request)] == [
        "Date: Enter a valid date.",
        "Whole form refused.",
    ]
