from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # Explicit registration, not signals: casework lists the entry without importing us.
        from casework import demo, navigation
        from reports.demo import seed_report_examples
        from reports.scope import reports_visible

        navigation.register(
            label="Reports",
            url_name="reports:index",
            visible=reports_visible,
            order=70,
        )
        # After the referrals (35), before the reminder sweep (90).
        demo.register(seed_report_examples, order=40)
