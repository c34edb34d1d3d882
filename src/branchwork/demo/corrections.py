"""A correction request waiting for the secretary (invented for the demo): the deputy
secretary 李娜 has a new phone number and asked, from My record, for the roll to be
corrected."""

from __future__ import annotations

from branchwork.accounts.models import User
from branchwork.members import services
from branchwork.members.models import CorrectionRequest, Member

REQUESTER = "deputy"
FIELD = "phone"
NEW_PHONE = "13908560182"


def load_corrections() -> int:
    """The one pending correction request; returns how many were created (0 when the member
    already has a request)."""
    user = User.objects.get(username=REQUESTER)
    member = Member.objects.get(user=user)
    if CorrectionRequest.objects.filter(member=member).exists():
        return 0
    services.correction_request(
        actor=user,
        member=member,
        field=FIELD,
        requested_value=NEW_PHONE,
        explanation="本人已更换手机号码，原号码停用（演示数据）。",
    )
    return 1
