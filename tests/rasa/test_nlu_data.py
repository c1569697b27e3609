"""The training data: no evaluation sentence in it, enough examples, entities that resolve,
and the catalog-generated lookup/synonyms up to date."""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from bot import nlu_sync
from catalog_index.loader import load_catalog
from nludata import GENERATED, REPO_ROOT, eval_texts, examples, normalise
from servicetorg.settings import catalog_path

INTENTS = (
    "ask_description", "ask_eligibility", "ask_deadline", "ask_how_to_apply", "ask_attachments",
    "ask_processing_time", "ask_appeal", "ask_price", "ask_contact", "ask_opening_hours",
    "greet", "goodbye", "thanks", "affirm", "deny", "request_human", "own_case", "complaint",
    "bot_challenge", "out_of_scope",
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(catalog_path())


def test_no_training_sentence_is_in_the_eval_set():
    evaluation = eval_texts()
    leaked = [(e.file, e.intent, e.text) for e in examples() if normalise(e.text) in evaluation]
    assert not leaked, f"training sentences that are in data/eval/*.jsonl: {leaked}"


def test_every_intent_has_at_least_45_examples():
    counts = Counter(e.intent for e in examples())
    short = {i: counts.get(i, 0) for i in INTENTS if counts.get(i, 0) < 45}
    assert not short, short


def test_no_duplicate_examples():
    seen = Counter(normalise(e.text) for e in examples())
    duplicates = [t for t, n in seen.items() if n > 1]
    assert not duplicates, duplicates


def test_domain_lists_every_intent_in_the_data():
    domain = yaml.safe_load((REPO_ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    assert {e.intent for e in examples()} <= set(domain["intents"])


def test_every_annotated_service_resolves_to_a_catalog_id(catalog):
    mapping = nlu_sync.synonym_map(catalog)
    unresolved = []
    used = set()
    for example in examples():
        for surface, entity, value in example.annotations():
            assert entity == "service", example.raw
            service_id = value or mapping.get(surface.lower())
            if service_id not in catalog.services:
                unresolved.append((surface, value, example.raw))
            else:
                used.add(service_id)
            # An explicit value must not contradict the generated synonyms.
            if value and surface.lower() in mapping:
                assert mapping[surface.lower()] == value, (surface, value)
    assert not unresolved, unresolved
    assert used == set(catalog.services), f"services never annotated: {sorted(set(catalog.services) - used)}"


def test_generated_lookup_and_synonyms_are_up_to_date(catalog):
    expected = nlu_sync.render(catalog)
    assert GENERATED.read_text(encoding="utf-8") == expected, (
        "data/nlu/catalog_generated.yml is out of date: run `servicetorg nlu sync`"
    )


def test_generation_is_deterministic(catalog):
    assert nlu_sync.render(catalog) == nlu_sync.render(load_catalog(catalog_path()))


def test_synonyms_map_to_one_service_each(catalog):
    _, synonyms = nlu_sync.build(catalog)
    owners = Counter(form for forms in synonyms.values() for form in forms)
    assert all(n == 1 for n in owners.values())
    mapping = nlu_sync.synonym_map(catalog)
    assert mapping["søppel"] == "avfallshenting"
    assert mapping["soppel"] == "avfallshenting"
    assert mapping["bustøtte"] == "bostotte"
    assert "husbanken" not in mapping  # two services use it: the index decides
