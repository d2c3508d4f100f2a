from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # Explicit registration, not signals: casework seeds the demo without importing us.
        from casework import demo
        from reports.demo import seed_report_examples

        # After the referrals (35), before the reminder sweep (90).
        demo.register(seed_report_examples, order=40)
