"""Member forms. MemberForm is the one validation used by the page, the API and the import."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branchwork.core import crypto
from branchwork.core.forms import (
    DATE,
    DateField,
    ModelForm,
    PreloadedModelChoiceField,
    VersionedFormMixin,
)
from branchwork.members import rules
from branchwork.members.models import CorrectionRequest, Member, Transfer
from branchwork.organizations.models import Organization


def _mobile_pattern() -> re.Pattern[str]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    pattern = metadata.mobile.national_number_pattern if metadata and metadata.mobile else None
    return re.compile(pattern or r"(?!)")  # without metadata, every number takes the long way


_CN_MOBILE = _mobile_pattern()
_ELEVEN_DIGITS = re.compile(r"1\d{10}")


def normalise_phone(raw: str) -> str:
    """A Chinese mobile or landline number in national digits, e.g. 13812345678, 08565221234."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if _ELEVEN_DIGITS.fullmatch(raw) and _CN_MOBILE.fullmatch(raw):
        # The common case, answered from the same phonenumbers metadata without parsing and
        # formatting (which gives these same eleven digits): a valid mainland mobile number.
        return raw
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise forms.ValidationError(
            _("%(value)s is not a phone number."), params={"value": raw}
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("%(value)s is not a valid phone number in China."), params={"value": raw}
        )
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(
        " ", ""
    )


class MemberForm(VersionedFormMixin, ModelForm):
    id_number = forms.CharField(label=_("resident ID number"), max_length=18)

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "native_place",
            "education",
            "phone",
            "work_unit",
            "post",
            "job_title",
            "category",
            "admitted_on",
            "converted_on",
            "probation_extension_months",
            "party_group",
            "party_posts",
            "disciplinary_probation_until",
            "notes",
        ]
        widgets = {
            "birth_date": DATE,
            "admitted_on": DATE,
            "converted_on": DATE,
            "disciplinary_probation_until": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        # A branch has a handful of party groups: read them once, not one query per clean.
        field_classes = {"party_group": PreloadedModelChoiceField}

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        check_unique: bool = True,
        party_groups: Any = None,
        show_personal: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        # The import checks uniqueness for all rows in one query instead, and passes the
        # party-group queryset it built once.
        self.check_unique = check_unique
        self.fields["party_group"].queryset = (
            party_groups if party_groups is not None else party_groups_of(organization)
        )
        self.fields["education"].required = False
        self.fields["probation_extension_months"].required = False
        self.id_info: rules.IdInfo | None = None
        # Editing: the stored ID number is never put into the page (it would be a reveal that
        # is not logged); an empty field keeps it. The phone is shown only to roles that may
        # see personal data; for others an empty field keeps it too.
        self.keep_id = bool(self.instance.pk)
        self.keep_phone = bool(self.instance.pk) and not show_personal
        if self.keep_id:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _(
                "On record: %(masked)s. Leave empty to keep it; type a number to replace it."
            ) % {"masked": self.instance.id_number_masked}
        if self.keep_phone:
            self.initial["phone"] = ""
            self.fields["phone"].help_text = _("On record: %(masked)s. Leave empty to keep it.") % {
                "masked": self.instance.phone_masked or "—"
            }

    def validate_row(self, data: dict[str, Any]) -> bool:
        """Validate another record with this same form: every field and every rule, as a new
        form would, without copying every field and its choices again. The import checks
        thousands of rows with one form this way. Only for a form adding a member (no
        instance). After it, ``cleaned_data``, ``errors`` and ``id_info`` are this record's;
        the previous record's ``cleaned_data`` dict is left untouched."""
        if self.instance.pk is not None:
            raise ValueError("validate_row is for a form that adds members")
        self.data = data
        self.is_bound = True
        self._errors = None
        self.id_info = None
        return self.is_valid()

    def _post_clean(self) -> None:
        # The model's own validation would need the encrypted columns, which the service
        # fills; every rule is checked in clean() instead.
        pass

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_id_number(self) -> str:
        if self.keep_id and not self.cleaned_data.get("id_number", "").strip():
            # Keep the stored number, but still check the birth date and gender against it.
            self.id_info = rules.parse_id_number(self.instance.id_number, timezone.localdate())
            return self.instance.id_number
        try:
            info = rules.parse_id_number(self.cleaned_data["id_number"], timezone.localdate())
        except rules.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.id_info = info
        if not self.check_unique:
            return info.number
        taken = Member.objects.filter(id_number_hash=crypto.lookup_hash(info.number))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        other = taken.select_related("organization").first()
        if other is not None:
            where = (
                other.organization.name
                if other.organization.path.startswith(self.organization.path)
                else _("another organization")
            )
            raise forms.ValidationError(
                _("This ID number is already on the roll of %(where)s."), params={"where": where}
            )
        return info.number

    def clean_probation_extension_months(self) -> int:
        return self.cleaned_data.get("probation_extension_months") or 0

    def clean_phone(self) -> str:
        if self.keep_phone and not self.cleaned_data.get("phone", "").strip():
            return self.instance.phone
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        info = self.id_info
        birth = data.get("birth_date")
        if info is not None:
            if birth and birth != info.birth_date:
                self.add_error(
                    "birth_date",
                    _(
                        "The birth date %(entered)s does not match the ID number, which says "
                        "%(from_id)s."
                    )
                    % {"entered": birth.isoformat(), "from_id": info.birth_date.isoformat()},
                )
            gender = data.get("gender")
            if gender and gender != info.gender:
                self.add_error(
                    "gender",
                    _(
                        "The gender %(entered)s does not match the ID number, "
                        "which says %(from_id)s."
                    )
                    % {
                        "entered": rules.Gender(gender).label,
                        "from_id": rules.Gender(info.gender).label,
                    },
                )
        admitted = data.get("admitted_on")
        extension = data.get("probation_extension_months") or 0
        findings = [
            *rules.check_admission(birth_date=birth, admitted_on=admitted, today=today),
            *rules.check_conversion(
                category=data.get("category"),
                admitted_on=admitted,
                converted_on=data.get("converted_on"),
                extension_months=extension,
                today=today,
            ),
            *rules.check_probation_extension(extension),
        ]
        for finding in findings:
            if finding.is_error:
                self.add_error(finding.field or None, finding.message)
        return data


def party_groups_of(organization: Organization) -> Any:
    return Organization.objects.filter(parent=organization, org_type="party_group").order_by("code")


def member_form_data(member: Member) -> dict[str, Any]:
    """The member's current values as MemberForm input (to re-validate one changed field)."""
    data: dict[str, Any] = {}
    for name in MemberForm.Meta.fields:
        if name == "id_number":
            data[name] = member.id_number
        elif name == "party_group":
            data[name] = member.party_group_id or ""
        else:
            value = getattr(member, name)
            data[name] = value.isoformat() if isinstance(value, dt.date) else value
    return {k: ("" if v is None else v) for k, v in data.items()}


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=rules.Status.choices)
    effective_on = DateField(label=_("Effective on"))
    detail = forms.CharField(
        label=_("Where / why"),
        max_length=200,
        required=False,
        help_text=_("For a mobile member: where; lost contact or suspension: why."),
    )
    reason = forms.CharField(label=_("Reason and basis"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("status")
        if status in rules.STATUS_NEEDS_DETAIL and not data.get("detail"):
            self.add_error("detail", rules.STATUS_NEEDS_DETAIL[status])
        effective = data.get("effective_on")
        if effective and effective > timezone.localdate():
            self.add_error("effective_on", _("The date cannot be in the future."))
        return data


class TransferOutForm(ModelForm):
    to_organization = forms.ModelChoiceField(
        label=_("To an organization in Branchwork"),
        queryset=Organization.objects.none(),
        required=False,
        to_field_name="code",
        help_text=_("Leave empty when the receiving organization is outside Branchwork."),
    )
    arrears_acknowledged = forms.BooleanField(
        label=_("I have seen the unpaid dues; transfer the member with them unpaid"),
        required=False,
        help_text=_("The unpaid months stay owed to this organization and in its arrears."),
    )

    class Meta:
        model = Transfer
        fields = ["letter_number", "to_organization", "to_name", "issued_on", "notes"]
        widgets = {"issued_on": DATE}
        labels = {"to_name": _("To (name of the receiving organization)")}

    def __init__(self, *args: Any, targets: Any, owes: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = targets
        if not owes:  # asked only when the member owes dues
            del self.fields["arrears_acknowledged"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("to_organization") and not data.get("to_name"):
            self.add_error("to_name", _("Say where the member is transferred to."))
        issued = data.get("issued_on")
        if issued and issued > timezone.localdate():
            self.add_error("issued_on", _("The date cannot be in the future."))
        return data


CHOICE_WORDS = {
    "gender": rules.GENDER_WORDS,
    "education": rules.EDUCATION_WORDS,
    "ethnicity": rules.ETHNICITY_BY_NAME,
}
_cap = lazy(capfirst, str)
CORRECTABLE_FIELDS = [
    ("name", _cap(pgettext_lazy("person", "name"))),
    ("gender", _cap(_("gender"))),
    ("ethnicity", _cap(_("ethnicity"))),
    ("birth_date", _cap(_("birth date"))),
    ("native_place", _cap(_("native place"))),
    ("education", _cap(_("education"))),
    ("phone", _cap(_("phone"))),
    ("work_unit", _cap(_("work unit"))),
    ("post", _cap(_("work post"))),
    ("job_title", _cap(_("job title"))),
    ("admitted_on", _cap(_("admitted on"))),
    ("converted_on", _cap(_("converted to full membership on"))),
    ("other", _("Something else")),
]


class CorrectionRequestForm(ModelForm):
    field = forms.ChoiceField(label=_("What is wrong"), choices=[("", "—"), *CORRECTABLE_FIELDS])

    class Meta:
        model = CorrectionRequest
        fields = ["field", "requested_value", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "requested_value": _(
                "Dates as YYYY-MM-DD; for education, gender or ethnicity, the word as it "
                "appears on your record."
            )
        }

    def clean(self) -> dict[str, Any]:
        """Check the value with the record's own field, so an approval cannot fail on it;
        a choice may be given by its label (博士研究生) or its code."""
        data = super().clean()
        name, value = data.get("field"), (data.get("requested_value") or "").strip()
        if not name or not value or name not in MemberForm.Meta.fields:
            return data
        field = MemberForm.base_fields.get(name) or Member._meta.get_field(name).formfield()
        if isinstance(field, forms.ChoiceField):
            words = {str(label).lower(): code for code, label in field.choices if code}
            words.update(CHOICE_WORDS.get(name, {}))
            value = words.get(value.lower(), words.get(value, value))
        try:
            cleaned = field.clean(value)
        except forms.ValidationError as exc:
            self.add_error("requested_value", exc)
            return data
        if name == "phone":
            try:
                cleaned = normalise_phone(cleaned)
            except forms.ValidationError as exc:
                self.add_error("requested_value", exc)
                return data
        data["requested_value"] = (
            cleaned.isoformat() if hasattr(cleaned, "isoformat") else str(cleaned)
        )
        return data


class ImportForm(forms.Form):
    """A roster file: any workbook format or CSV; the format is recognised by its content
    (core.tabular), so the file's name does not matter."""

    file = forms.FileField(label=_("Roster file (Excel, WPS, LibreOffice or CSV)"))
    dry_run = forms.BooleanField(label=_("Check only, do not save"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload


class AccountForm(forms.Form):
    username = forms.SlugField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits, hyphens; the member signs in with it."),
    )
