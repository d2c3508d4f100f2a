from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework: staff and teams"

    def ready(self) -> None:
        from casework import dashboard, demo, navigation, panels
        from casework.staffing import demo as staffing_demo

        # An agency admin's one place for teams and staff is "Agency" (administration).
        navigation.register(
            label="Audit report",
            url_name="security:audit_report",
            visible=lambda a: bool(a.compliance_agency_ids),
            order=85,
        )
        dashboard.register(panels.agency_admin_panel, order=80)
        dashboard.register(panels.compliance_panel, order=90)
        demo.register(demo.seed_reminders, order=90)
        demo.register(staffing_demo.seed_staff_profiles, order=5)
