from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo
        from clients import record_panels
        from referrals import reminders
        from referrals.demo.referrals import seed_referrals

        # After the directory (30) and the consents (20), which the demo referrals are sent
        # under.
        demo.register(seed_referrals, order=35)
        reminders.register()
        from clients.views.parts import in_page
        from referrals.views import referral as referral_views

        # Two queries: rendered in the record page's first response.
        record_panels.register(
            title="Referrals",
            order=47,
            **in_page("referrals:referral_panel", referral_views.referral_panel),
        )
