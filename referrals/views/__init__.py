"""Views of the referrals app."""
