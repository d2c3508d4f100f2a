"""Time, size and memory of the whole agency's export (exports.agency) on the bench agency.

    BENCH_SCALE=0.05 python -m bench.export     # 5,000 clients, about 250,000 contacts
    BENCH_SCALE=1 python -m bench.export --seed-only   # seed 100,000 clients, build nothing

Seeds (once) a database of its own named after DATABASE_URL's with an _export_<clients>
suffix, then builds one export exactly as the Celery task does and prints the numbers that
docs/benchmarks.md records: clients, seconds, clients per second, the zip's size and the
process's peak memory (which should not grow with the agency: bundles are streamed)."""

from __future__ import annotations

import os
import resource
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from bench.sizes import Sizes


def _database_url(base: str, clients: int) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "casework"
    return urlunsplit(parts._replace(path=f"/{name}_export_{clients}"))


def main() -> None:
    sizes = Sizes.at(float(os.environ.get("BENCH_SCALE", "0.05")))
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casework")
    url = _database_url(base, sizes.clients)
    from bench.__main__ import _ensure_database

    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.seed import AGENCY_SLUG, seed, seeded
    from casework.models import Agency, User
    from exports.agency import agency_export_build
    from exports.models import AgencyExport

    call_command("migrate", verbosity=0)
    if not seeded(sizes):
        print(f"Seeding {sizes.clients:,} clients (once)...", flush=True)
        seed(sizes)
    if "--seed-only" in sys.argv[1:]:
        print(f"Seeded {sizes.clients:,} clients; --seed-only, no export built.", flush=True)
        return
    agency = Agency.objects.get(slug=AGENCY_SLUG)
    admin = User.objects.filter(memberships__team__agency=agency).order_by("pk").first()
    AgencyExport.objects.filter(agency=agency, status__in=["queued", "running"]).delete()
    export = AgencyExport.objects.create(agency=agency, requested_by=admin)
    started = time.monotonic()
    done = agency_export_build(export_id=export.pk)
    seconds = time.monotonic() - started
    if done is None:
        sys.exit("The export failed; see the log.")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"clients={done.clients_done} seconds={seconds:.1f} "
        f"clients_per_second={done.clients_done / seconds:.1f} "
        f"zip_mb={done.size_bytes / 1e6:.1f} peak_rss_mb={peak_mb:.0f}"
    )


if __name__ == "__main__":
    main()
