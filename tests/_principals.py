"""The principals tests act as: one per role (see verbatim.review.permissions)."""

from __future__ import annotations

from verbatim.review.permissions import Principal, ReviewerKind, Role

COORDINATOR = Principal(
    account_id=None, username="claire", display_name="Claire C.", role=Role.COORDINATOR
)
REVIEWER = Principal(
    account_id=None,
    username="marie",
    display_name="Marie D.",
    role=Role.REVIEWER,
    reviewer_kind=ReviewerKind.PATIENT_PARTNER,
)
KIOSK = Principal(account_id=None, username="borne", display_name="Borne", role=Role.KIOSK)
