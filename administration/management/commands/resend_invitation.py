from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from administration.services import AdministrationError
from administration.services.invitations import invitation_path
from administration.services.staff import staff_invitation_resend
from casework.models import AgencyStaff, User


class Command(BaseCommand):
    help = (
        "Print a new one-time link (valid 72 hours) for a staff member who has not set a "
        "password yet, such as the first admin whose link from setup_agency expired. Earlier "
        "links stop working. Nothing is e-mailed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        place = AgencyStaff.objects.filter(user=user).select_related("agency").first()
        if user is None or place is None:
            raise CommandError("No staff member has that e-mail address.")
        try:
            user = staff_invitation_resend(
                agency=place.agency, user=user, sent_by=None, base_url="", send_email=False
            )
        except AdministrationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{settings.SITE_URL}{invitation_path(user)}")
