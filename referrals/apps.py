from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo
        from referrals import reminders
        from referrals.demo.referrals import seed_referrals

        # After the directory (30) and the consents (20), which the demo referrals are sent
        # under.
        demo.register(seed_referrals, order=35)
        reminders.register()
        # The record page's referrals panel is composed in pages.
