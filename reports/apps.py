from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # Explicit registration, not signals: casework lists the entry without importing us.
        from casework import demo, navigation
        from reports.demo import seed_report_examples

        navigation.register(
            label="Reports",
            url_name="reports:index",
            visible=lambda a: bool(
                a.supervised_team_ids or a.admin_agency_ids or a.compliance_agency_ids
            ),
            order=70,
        )
        # After the referrals (35), before the reminder sweep (90).
        demo.register(seed_report_examples, order=40)
