"""Instrument items read the right way round: each short label keeps its item's direction,
the question and its time frame stand above the items, the answers show their scores, and
the form says plainly when the agency's validated wording is not loaded."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careplans import instruments
from careplans.instruments.base import YES_NO
from careplans.models import InstrumentWording


def _label(code: str, item: str) -> str:
    return str(instruments.get(code).item(item).label).lower()


def test_phq9_item_one_is_about_little_interest_or_pleasure():
    # "Interest and pleasure — nearly every day" scoring 3 read as the item's opposite.
    assert "little interest or pleasure" in _label("phq9", "phq9_1")


@pytest.mark.parametrize(
    ("code", "item", "words"),
    [
        ("phq9", "phq9_2", ("low", "hopeless")),
        ("phq9", "phq9_3", ("trouble",)),
        ("phq9", "phq9_4", ("tired", "little energy")),
        ("phq9", "phq9_5", ("poor appetite", "overeating")),
        ("phq9", "phq9_6", ("feeling bad about",)),
        ("phq9", "phq9_7", ("trouble concentrating",)),
        ("phq9", "phq9_9", ("thoughts of death",)),
        ("phq2", "phq9_1", ("little interest",)),
        ("k10", "k10_1", ("tired",)),
    ],
)
def test_a_short_label_names_the_problem_not_the_faculty(code, item, words):
    # A bare "Sleep", "Energy" or "Self-view" beside "nearly every day" reads either way.
    label = _label(code, item)
    assert all(w in label for w in words), label


@pytest.mark.parametrize("instrument", instruments.all_instruments(), ids=lambda i: i.code)
def test_every_instrument_states_its_question_and_time_frame(instrument):
    stem = str(instrument.stem)
    assert stem, instrument.code
    frame = {
        "phq9": "2 weeks",
        "phq2": "2 weeks",
        "gad7": "2 weeks",
        "auditc": "past year",
        "k10": "30 days",
        "cssrs": "month",
        "dast10": "12 months",
    }[instrument.code]
    assert frame in stem


def test_the_phq_scale_is_the_instruments_own():
    assert [(o.value, str(o.label)) for o in instruments.get("phq9").shared_scale] == [
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    ]
    assert [o.value for o in instruments.get("k10").shared_scale] == [1, 2, 3, 4, 5]
    # Yes/no instruments score by rule (DAST-10 item 3 scores a no): no scores beside answers.
    assert instruments.get("dast10").shared_scale == ()
    assert not any(i.shows_scores for i in instruments.get("cssrs").items)
    assert instruments.get("dast10").item("dast_3").options == YES_NO


def _form(client, case_manager, client_a, code: str) -> str:
    client.force_login(case_manager)
    url = reverse(
        "careplans:administration_create", kwargs={"client_id": client_a.pk, "code": code}
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_form_shows_the_stem_above_the_items_and_the_scale_with_scores(
    client, case_manager, client_a
):
    body = _form(client, case_manager, client_a, "phq9")
    stem = body.index('data-testid="instrument-stem"')
    first_item = body.index('id="item-phq9_1"')
    assert stem < first_item
    assert "In the last 2 weeks, how often was the client troubled by:" in body
    scale = re.search(r'data-testid="instrument-scale">(.*?)</p>', body, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", scale)).strip() == (
        "Answers and their scores: 0 not at all · 1 several days · "
        "2 more than half the days · 3 nearly every day"
    )
    assert "1. Little interest or pleasure in things" in body
    assert "(scores 3)" in body


@pytest.mark.django_db
def test_without_the_agencys_wording_the_form_says_so(client, case_manager, client_a):
    body = _form(client, case_manager, client_a, "gad7")
    assert 'data-testid="wording-missing"' in body
    assert "Your agency has not loaded the validated wording of this questionnaire" in body
    assert "Loading the wording of instruments" in body


@pytest.mark.django_db
def test_partly_loaded_wording_counts_the_questions_still_missing(client, case_manager, client_a):
    InstrumentWording.objects.create(instrument="gad7", item="gad7_1", text="Agency text one")
    body = _form(client, case_manager, client_a, "gad7")
    assert "validated wording of 6 of these questions" in body
    assert "Agency text one" in body


@pytest.mark.django_db
def test_with_every_item_loaded_the_notice_is_gone(client, case_manager, client_a):
    InstrumentWording.objects.bulk_create(
        InstrumentWording(instrument="phq2", item=i.code, text=f"Text of {i.code}")
        for i in instruments.get("phq2").items
    )
    body = _form(client, case_manager, client_a, "phq2")
    assert 'data-testid="wording-missing"' not in body
    assert "Text of phq9_2" in body


def test_the_admin_guide_tells_agencies_how_to_load_the_wording():
    from pathlib import Path

    # The agency administrators' guide (moved out of the README, which keeps to the commands).
    guide = Path(__file__).resolve().parents[2] / "docs" / "guide-agency-admin.md"
    section = guide.read_text().split("## Loading the wording of instruments", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert "manage.py load_instrument_wording" in section
    assert '"items"' in section
