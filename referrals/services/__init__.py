"""Writes: the referral lifecycle and the printed packet, one transaction per change."""
