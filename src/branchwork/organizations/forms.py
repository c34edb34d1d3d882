from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.forms import DATE, ModelForm, VersionedFormMixin
from branchwork.organizations.models import Committee, Organization
from branchwork.organizations.rules import OrgType, Post, allowed_children


class OrganizationCreateForm(ModelForm):
    class Meta:
        model = Organization
        fields = [
            "code",
            "name",
            "short_name",
            "org_type",
            "host_unit",
            "founded_on",
            "demonstration_since",
            "notes",
        ]
        widgets = {
            "founded_on": DATE,
            "demonstration_since": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, parent_type: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if parent_type is not None:
            allowed = allowed_children(parent_type)
            self.fields["org_type"].choices = [
                (value, label) for value, label in OrgType.choices if value in allowed
            ]

    def validate_unique(self) -> None:
        # The service reports a taken code with its own message; skip the duplicate check here.
        pass


class OrganizationEditForm(VersionedFormMixin, ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "host_unit", "founded_on", "demonstration_since", "notes"]
        widgets = OrganizationCreateForm.Meta.widgets


# The single-person posts get one field each; other committee members are one name per line.
POST_FIELDS = [
    (Post.SECRETARY, "secretary"),
    (Post.DEPUTY_SECRETARY, "deputy_secretary"),
    (Post.ORGANIZATION, "organization_member"),
    (Post.PROPAGANDA, "propaganda_member"),
    (Post.DISCIPLINE, "discipline_member"),
]


class CommitteeForm(ModelForm):
    secretary = forms.CharField(label=_("Secretary"), max_length=100)
    deputy_secretary = forms.CharField(label=_("Deputy secretary"), max_length=100, required=False)
    organization_member = forms.CharField(
        label=_("Organization committee member"), max_length=100, required=False
    )
    propaganda_member = forms.CharField(
        label=_("Propaganda committee member"), max_length=100, required=False
    )
    discipline_member = forms.CharField(
        label=_("Discipline inspection committee member"), max_length=100, required=False
    )
    other_members = forms.CharField(
        label=_("Other committee members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line."),
    )

    class Meta:
        model = Committee
        fields = ["elected_on", "term_start", "term_end", "notes"]
        widgets = {
            "elected_on": DATE,
            "term_start": DATE,
            "term_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"term_end": _("Leave empty for the default term from the start date.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term_end"].required = False
        if self.instance.pk:
            by_post: dict[str, list[str]] = {}
            for p in self.instance.posts.all():
                by_post.setdefault(p.post, []).append(p.holder_name)
            for post, name in POST_FIELDS:
                self.initial[name] = ", ".join(by_post.get(post, []))
            self.initial["other_members"] = "\n".join(by_post.get(Post.OTHER, []))

    def _post_clean(self) -> None:
        # Model validation happens in the service, which knows the default term end.
        pass

    def posts(self) -> list[tuple[str, str, None]]:
        data = self.cleaned_data
        result = [(post, data[name].strip(), None) for post, name in POST_FIELDS if data[name]]
        for line in data["other_members"].splitlines():
            if line.strip():
                result.append((Post.OTHER, line.strip(), None))
        return result
