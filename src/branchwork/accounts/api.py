from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from branchwork.core.roles import ROLE_ACTIONS, Role
from branchwork.core.scoping import user_grants

router = Router(tags=["accounts"])


class GrantOut(Schema):
    role: str
    role_label: str
    organization: str
    organization_name: str
    actions: list[str]


class MeOut(Schema):
    username: str
    display_name: str
    is_superuser: bool
    grants: list[GrantOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> Any:
    user = request.user
    return {
        "username": user.username,
        "display_name": str(user),
        "is_superuser": user.is_superuser,
        "grants": [
            {
                "role": g.role,
                "role_label": str(Role(g.role).label),
                "organization": g.org_code,
                "organization_name": g.org_name,
                "actions": sorted(ROLE_ACTIONS[g.role]),
            }
            for g in user_grants(user)
        ],
    }
