from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from clients import record_panels
        from referrals import reminders

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
