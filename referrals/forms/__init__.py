"""Forms of the referrals app (the directory now; referrals later)."""
