"""`migrate` as the owner: the application's own login may not create or alter tables."""

from __future__ import annotations

from django.core.management.commands import migrate

from casework.db_roles import connected_as_owner


class Command(migrate.Command):
    help = migrate.Command.help + " Connects with DATABASE_MIGRATE_URL's login when it is set."

    def handle(self, *args, **options):
        with connected_as_owner(options["database"]):
            return super().handle(*args, **options)
