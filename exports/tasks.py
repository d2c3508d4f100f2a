"""Celery entry points of the agency export: the build takes the export's id only and calls
the service, acks_late with a conditional claim in the service, so a redelivered task never
builds twice and a killed worker's export is picked up again. The purge runs from beat
(CELERY_BEAT_SCHEDULE) and deletes the files of expired links."""

from __future__ import annotations

from celery import shared_task

from exports.agency import agency_export_build, agency_exports_purge


@shared_task(acks_late=True, ignore_result=True)
def agency_export_build_task(export_id: int) -> None:
    agency_export_build(export_id=export_id)


@shared_task(ignore_result=False)
def agency_exports_purge_task() -> int:
    """Every agency's expired exports: files deleted, rows marked expired. Returns the count."""
    return agency_exports_purge()
