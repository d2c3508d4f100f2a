from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Directory and referrals"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo, navigation
        from clients import record_panels
        from referrals import reminders
        from referrals.demo import seed_directory
        from referrals.demo.referrals import seed_referrals
        from referrals.views import picker

        navigation.register(
            label="Directory",
            url_name="referrals:directory",
            visible=lambda a: bool(a.roles),
            order=30,
        )
        # Before the reminder sweep (order 90), after the clients (10).
        demo.register(seed_directory, order=30)
        # After the directory and the consents (20), which the demo referrals are sent under.
        demo.register(seed_referrals, order=35)
        reminders.register()
        # One referrals entry each, so a supervisor's crowded bar gains none: supervisors get
        # their teams' list, which links to their own (and back).
        navigation.register(
            label="My referrals",
            url_name="referrals:mine",
            visible=lambda a: bool(a.writable_team_ids) and not a.supervised_team_ids,
            order=9,
        )
        navigation.register(
            label="Team referrals",
            url_name="referrals:team",
            visible=lambda a: bool(a.supervised_team_ids),
            order=9,
        )
        record_panels.register(title="Referrals", url_name="referrals:referral_panel", order=47)
        # The care-team form's directory picker and the lookup its save checks a link against.
        picker.register()
