"""Forms of the referrals app: a referral, its send, status and follow-up."""
