"""Writes: the directory's rules, one transaction per change (referrals come later)."""
