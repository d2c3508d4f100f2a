from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Directory and referrals"

    def ready(self) -> None:
        # Explicit registration, not signals: casework shows what this app offers without
        # importing it.
        from casework import demo, navigation
        from referrals import reminders
        from referrals.demo import seed_directory

        navigation.register(
            label="Directory",
            url_name="referrals:directory",
            visible=lambda a: bool(a.roles),
            order=30,
        )
        # Before the reminder sweep (order 90), after the clients (10).
        demo.register(seed_directory, order=30)
        reminders.register()
