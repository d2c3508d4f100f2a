"""The eleven life domains of the comprehensive assessment (careplans), which a referral also
names as the need it answers (referrals): kept here, below both apps, so the two lists cannot
drift apart. Stored keys; the order is the order staff go through them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (key, label)
DOMAINS: tuple[tuple[str, str], ...] = (
    ("mental_state", _("Mental state")),
    ("physical_health", _("Physical health")),
    ("co_occurring", _("Co-occurring mental health")),
    ("substance_use", _("Substance use")),
    ("safety", _("Safety of self and others")),
    ("relationships", _("Friendships and relationships")),
    ("work_leisure_education", _("Work, leisure and education")),
    ("daily_living", _("Daily living skills")),
    ("income_housing", _("Income and housing")),
    ("rights_advocacy", _("Rights and advocacy")),
    ("coping", _("Coping with stress and illness")),
)
