"""Load the validated question wording an agency holds for its instruments.

Casework ships short labels of its own, never the wording (licences differ). The agency keeps
a JSON file of the wording it may use:

    {"source": "…citation / licence…",
     "items": {"phq9": {"phq9_1": "…", …}, "gad7": {…}}}

Every instrument and item code must exist in the registry; the whole file is refused
otherwise. Loading again replaces the text of the items in the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from careplans import instruments
from careplans.models import InstrumentWording


class Command(BaseCommand):
    help = (
        "Load the agency's validated question wording for instrument items from a JSON file; "
        "unknown instruments or items refuse the whole file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        source = str(data.get("source", ""))[:200]
        rows, errors = [], []
        for code, items in (data.get("items") or {}).items():
            try:
                instrument = instruments.get(code)
            except KeyError:
                errors.append(f"unknown instrument {code!r}")
                continue
            for item_code, text in items.items():
                try:
                    instrument.item(item_code)
                except KeyError:
                    errors.append(f"unknown item {code}.{item_code}")
                    continue
                if not isinstance(text, str) or not text.strip():
                    errors.append(f"empty text for {code}.{item_code}")
                    continue
                rows.append((code, item_code, text.strip()))
        if errors:
            raise CommandError("Nothing loaded: " + "; ".join(errors))
        with transaction.atomic():
            for code, item_code, text in rows:
                InstrumentWording.objects.update_or_create(
                    instrument=code, item=item_code, defaults={"text": text, "source": source}
                )
        self.stdout.write(f"Loaded wording for {len(rows)} items.")
