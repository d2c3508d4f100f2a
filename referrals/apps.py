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
        from referrals.views import referral as referral_views

        # Two queries: rendered in the record page's first response.
        record_panels.register(
            title="Referrals",
            url_name="referrals:referral_panel",
            order=47,
            template=referral_views.REFERRALS_PANEL,
            context=referral_views.referral_panel_context,
        )
