"""The service directory and referrals arrive with their issues."""
