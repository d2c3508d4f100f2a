from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        # Explicit registration, not signals: casework and clients show what this app offers
        # without importing it.
        from casework import reminders
        from clients import visit_panels
        from supervision import sections, staffing
        from supervision.services.notices import NOTICE_LABELS

        sections.register(staffing.over_capacity_section, order=20)
        sections.register(staffing.trainings_section, order=21)
        sections.register_staff_hints(staffing.room_hints)
        visit_panels.register(url_name="supervision:visit_review", order=5)
        for kind, label in NOTICE_LABELS.items():
            reminders.register_notice(kind=kind, label=label)
