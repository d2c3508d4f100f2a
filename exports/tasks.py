"""Celery entry point of the agency export: takes the export's id only, calls the service.
acks_late with a conditional claim in the service, so a redelivered task never builds twice
and a killed worker's export is picked up again."""

from __future__ import annotations

from celery import shared_task

from exports.agency import agency_export_build


@shared_task(acks_late=True, ignore_result=True)
def agency_export_build_task(export_id: int) -> None:
    agency_export_build(export_id=export_id)
