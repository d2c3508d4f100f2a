"""Who may do what with referrals. Finding the client or the directory entry is the
selectors' job (404 outside the viewer's teams or agency)."""

from __future__ import annotations

from casework.models import User
from casework.predicates import may_change_records
from directory.models import Service


def may_refer_to_service(user: User, service: Service) -> bool:
    """Whoever writes for a team refers one of its clients to a service of their agency's
    directory (`service` is already one they may see); read-only roles only look it up."""
    return may_change_records(user)
