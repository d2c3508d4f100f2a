from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Assessments and care plans"

    def ready(self) -> None:
        # Explicit registration, not signals: clients and casework show what this app offers
        # without importing it.
        from careplans import reminders
        from careplans.selectors import plans as plan_selectors
        from careplans.services import plans as plan_services
        from clients import offline_parts, visit_goals

        # The record page's panels and header badge, a note's goals panel and the demo: pages.
        offline_parts.register(key="crisis_plan", parts=plan_selectors.offline_crisis_plans)
        visit_goals.register(
            choices=plan_selectors.visit_goal_choices,
            marked=plan_selectors.visit_goals_marked,
            record=plan_services.visit_goals_record,
        )
        reminders.register()
