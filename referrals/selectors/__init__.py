"""Reads of referrals, always scoped by the access policy."""
