from django.apps import AppConfig


class CareplansConfig(AppConfig):
    name = "careplans"
    verbose_name = "Assessments and care plans"

    def ready(self) -> None:
        # Explicit registration, not signals: clients and casework show what this app offers
        # without importing it.
        from careplans import header, reminders
        from careplans.selectors import plans as plan_selectors
        from careplans.services import plans as plan_services
        from careplans.views import assessments as assessment_views
        from careplans.views import plans as plan_views
        from clients import header_badges, offline_parts, record_panels, visit_goals, visit_panels

        # Both a fixed handful of queries: rendered in the record page's first response.
        record_panels.register(
            title="Assessments and scores",
            url_name="careplans:client_panel",
            order=30,
            template=assessment_views.ASSESSMENTS_PANEL,
            context=assessment_views.client_panel_context,
        )
        record_panels.register(
            title="Care plan",
            url_name="careplans:plan_panel",
            order=31,
            lead=True,
            template=plan_views.PLAN_PANEL,
            context=plan_views.plan_panel_context,
        )
        visit_panels.register(url_name="careplans:visit_goals", order=10)
        offline_parts.register(key="crisis_plan", parts=plan_selectors.offline_crisis_plans)
        visit_goals.register(
            choices=plan_selectors.visit_goal_choices,
            marked=plan_selectors.visit_goals_marked,
            record=plan_services.visit_goals_record,
        )
        header_badges.register(
            template="careplans/_header_flags.html", context=header.flags_context, order=10
        )
        reminders.register()
