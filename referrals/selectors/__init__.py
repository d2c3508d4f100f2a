"""Reads, always scoped to the viewer's agency (referrals come later)."""
