"""Factories for the rules library: rules made by regulations.services (the text is sanitized
and the search text kept as in real use)."""

from __future__ import annotations

from typing import Any

import factory

from tests.factories import OrganizationFactory, _actor


class RegulationFactory(factory.Factory):
    """A rule with its first version as a draft, made by ``services.regulation_create``."""

    class Meta:
        model = dict

    actor = factory.LazyFunction(_actor)
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"测试制度{n:03d}")
    category = "party_building"
    body = "第一条 党员按月交纳党费。\n第二条 党支部每年公布党费收缴情况。"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        from branchwork.regulations.services import regulation_create

        return regulation_create(
            actor=kwargs["actor"],
            organization=kwargs["organization"],
            data={"title": kwargs["title"], "category": kwargs["category"]},
            body=kwargs["body"],
        )

    _build = _create


def adopted(regulation: Any, meeting: Any, actor: Any = None) -> Any:
    """The rule's open draft adopted by ``meeting``; returns the adopted version."""
    from branchwork.regulations.services import version_adopt

    draft = regulation.versions.get(state="draft")
    return version_adopt(actor=actor or _actor(), version=draft, meeting=meeting)
