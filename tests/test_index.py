"""The search index understands Norwegian as citizens write it, and abstains when nothing fits."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_index import load_catalog
from catalog_index.aspects import detect_aspect
from catalog_index.index import SearchIndex
from catalog_index.language import detect_language
from catalog_index.normalize import fold, terms

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalog(REPO / "data" / "catalog"))


def top(index: SearchIndex, text: str):
    result = index.search(text)
    return result.service_id, result


@pytest.mark.parametrize(
    "spelling", ["søknad", "soknad", "soeknad", "SØKNAD"]
)
def test_ae_oe_aa_spellings_fold_to_one_term(spelling):
    assert terms(spelling) == terms("søknad")


def test_stop_words_meet_the_folded_tokens():
    # fold turns "noen" into "non" and "does" into "dos": the stop words must be folded the same way.
    from catalog_index.lexicon import STOPWORDS
    from catalog_index.normalize import tokens

    assert all(token in STOPWORDS for token in tokens("noen noe does"))


def test_folding_of_aa_and_ae():
    assert fold("Åpningstid på kveld") == fold("aapningstid paa kveld")
    assert fold("vær") == fold("vaer")


@pytest.mark.parametrize(
    "question, service",
    [
        ("hva koster barnehageplass", "barnehageplass"),
        ("hva koster barnhage", "barnehageplass"),  # typo
        ("hvor mye koster plass i barnehagen", "barnehageplass"),  # compound split the other way
        ("søknader om barnehageplass", "barnehageplass"),  # inflection
        ("soknad om barnehageplass", "barnehageplass"),  # no æøå
        ("korleis søkjer eg plass på sjukeheim", "sykehjemsplass"),  # nynorsk
        ("skuleskyss for borna", "skoleskyss"),  # nynorsk skule
        ("når hentes søpla", "avfallshenting"),  # everyday word
        ("når kjem bosset", "avfallshenting"),  # dialect/nynorsk boss
        ("HC-parkering", "parkeringstillatelse-forflytningshemmede"),
        ("hjemmehjelp til mor", "praktisk-bistand"),
        ("skjenkeløyve til festival", "skjenkebevilling"),  # løyve/bevilling
        ("how much does kindergarten cost", "barnehageplass"),  # English
        # English service names are phrases: word by word these are a home and a nursing home
        ("What does the home nursing service do?", "hjemmesykepleie"),
        ("how do I get a place in a nursing home", "sykehjemsplass"),
        ("Who is eligible for municipal rental housing?", "kommunal-bolig"),
        ("How long does it take to process a building application?", "byggesoknad"),
        # English words of a situation map to the catalog's: husband, speak, Norwegian
        ("my husband does not speak Norwegian and wants classes", "voksenopplaering"),
    ],
)
def test_finds_the_service(index, question, service):
    found, result = top(index, question)
    assert found == service, [(h.service_id, h.confidence) for h in result.hits]


@pytest.mark.parametrize(
    "question",
    [
        "når kan jeg slå plenen?",  # the deployed bot answered this with a service for victims of violence
        "hvem vant eurovision i fjor",
        "hva blir været i morgen",
        "qwerty asdf",
        "",
    ],
)
def test_abstains_when_nothing_fits(index, question):
    found, result = top(index, question)
    assert found is None, [(h.service_id, h.confidence) for h in result.hits]
    assert result.abstained


def test_function_words_point_at_no_service(index):
    # "dersom" and "hvilket" are in descriptions' text; they must not rank a service first.
    assert index.search("kven ringjer eg dersom eg er uroa for eit barn").hits[0].service_id == "barnevern"
    assert not index.search("dersom hvilket eller").hits


def test_a_single_weak_word_does_not_decide(index):
    # "slå" occurs in the catalog, but one weak word among unknown ones is not a match.
    result = index.search("når kan jeg slå plenen på søndag uten at naboene blir sure")
    assert result.service_id is None


def test_a_one_word_name_before_the_dash_names_its_service(index):
    # "Servicetorget – kommunens førstelinje"; other services mention servicetorget in their
    # keywords and contacts, and must not tie with the office itself.
    result = index.search("Når stenger servicetorget på fredag?")
    assert result.service_id == "servicetorget"
    assert result.hits[1].score < 0.8 * result.hits[0].score


def test_confidence_orders_a_clear_question_above_a_vague_one(index):
    clear = index.search("hva koster barnehageplass").confidence
    vague = index.search("jeg lurer på noe med huset").confidence
    assert clear > 0.8 > vague


def test_ranking_gives_three_candidates(index):
    result = index.search("søke plass")
    assert len(result.hits) == 3
    assert len({h.service_id for h in result.hits} & {"barnehageplass", "sykehjemsplass", "sfo", "kulturskole"}) >= 2
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@pytest.mark.parametrize(
    "question, aspect",
    [
        ("hva koster sfo", "price"),
        ("kva kostar sfo", "price"),
        ("når er søknadsfristen for barnehage", "deadline"),
        ("hvordan søker jeg om startlån", "how_to_apply"),
        ("hvor lang tid tar en byggesøknad", "processing_time"),
        ("hvordan klager jeg på vedtaket", "appeal"),
        ("hvilke vedlegg trenger jeg", "attachments"),
        ("hva er telefonnummeret til legevakten", "contact"),
        ("når har biblioteket åpent", "opening_hours"),
        ("har jeg rett på bostøtte", "eligibility"),
        ("barnehage", "description"),
    ],
)
def test_detects_the_aspect(question, aspect):
    assert detect_aspect(question).aspect == aspect


@pytest.mark.parametrize(
    "text, language",
    [
        ("kva kostar barnehage", "nn"),
        ("korleis søkjer eg sjukeheim", "nn"),
        ("hva koster barnehage", "nb"),
        ("how do I apply for a kindergarten place", "en"),
        ("barnehage", "nb"),
        # short small talk: one English greeting word is enough, Norwegian words win
        ("hello", "en"),
        ("thanks a lot", "en"),
        ("god morgon", "nn"),
        ("takk for hjelpa", "nn"),
        ("hei", "nb"),
        ("for", "nb"),
        ("apply bhg", "nb"),
        # "for", "i" and "to" are Norwegian words too
        ("Når er fristen for å søke om plass i kulturskolen i vinter?", "nb"),
        ("Vi har to barn i SFO for tiden", "nb"),
        ("How do I report a broken street light?", "en"),
    ],
)
def test_detects_the_written_standard(text, language):
    assert detect_language(text) == language


def test_query_does_no_io(index, monkeypatch):
    import builtins

    def no_open(*args, **kwargs):
        raise AssertionError("a query opened a file")

    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(Path, "read_text", no_open)
    assert index.search("hva koster søppeltømming").service_id == "avfallshenting"


def test_index_is_built_from_the_catalog_not_the_other_way(tmp_path):
    # A catalog without barnehageplass cannot answer with it.
    catalog = load_catalog(REPO / "data" / "catalog")
    services = [s for s in catalog if s.id != "barnehageplass"]
    result = SearchIndex(services).search("hva koster barnehageplass")
    assert result.service_id != "barnehageplass"


def test_a_situation_in_citizens_words_finds_its_service():
    # The situations field is search vocabulary: the same catalog without it does not find the
    # service from the situation alone.
    import dataclasses

    catalog = list(load_catalog(REPO / "data" / "catalog"))
    alarm = next(s for s in catalog if s.id == "trygghetsalarm")
    question = "bestefar har demens og vandrer ut om natta"
    plain = [dataclasses.replace(s, situations=()) for s in catalog]
    assert SearchIndex(plain).search(question).service_id != "trygghetsalarm"
    with_situation = [dataclasses.replace(s, situations=(question,)) if s.id == alarm.id else
                      dataclasses.replace(s, situations=()) for s in catalog]
    result = SearchIndex(with_situation).search(question)
    assert result.hits[0].service_id == "trygghetsalarm"


def test_situations_must_be_a_list_of_text(tmp_path):
    import yaml

    from catalog_index.loader import parse_file

    data = yaml.safe_load((REPO / "data" / "catalog" / "feiing.yml").read_text(encoding="utf-8"))
    data["situations"] = "pipa ryker inn i stua"
    broken = tmp_path / "feiing.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    service, problems = parse_file(broken)
    assert service is None
    assert any("situations" in str(problem) for problem in problems), problems


def test_eval_command_writes_one_line_per_question(tmp_path, capsys):
    from servicetorg.cli import main

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {"id": "a", "text": "hva koster barnehageplass", "channel": "web", "expected_service": "barnehageplass", "expected_aspect": "price"},
                {"id": "b", "text": "hvem vant fotballkampen", "channel": "sms", "expected_service": None},
                {"id": "c", "text": "jeg vil snakke med et menneske", "channel": "web", "expected_handover": True},
            ]
        ),
        encoding="utf-8",
    )
    assert main(["eval", str(questions), "--engine", "index"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert set(rows[0]) == {"id", "service_id", "aspect", "handover", "reply", "confidence", "latency_ms"}
    assert rows[0]["service_id"] == "barnehageplass" and rows[0]["aspect"] == "price"
    assert rows[1]["service_id"] is None and not rows[1]["handover"]
    assert rows[2]["handover"] is True
    assert "service top-1 (first-ranked service): 1.000 (1/1)" in err
    assert "service top-1 (answered with it, not abstained or clarified): 1.000 (1/1)" in err
    assert "abstention recall (out of scope abstained): 1.000 (1/1)" in err


def test_eval_split_keeps_the_even_or_odd_ids(tmp_path, capsys):
    from servicetorg.cli import main

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(json.dumps({"id": f"dev-{n:04d}", "text": "hva koster barnehageplass"}) for n in range(1, 6)),
        encoding="utf-8",
    )
    assert main(["eval", str(questions), "--engine", "index", "--split", "odd"]) == 0
    odd = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert odd == ["dev-0001", "dev-0003", "dev-0005"]
    assert main(["eval", str(questions), "--engine", "index", "--split", "even"]) == 0
    even = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert even == ["dev-0002", "dev-0004"]


def test_eval_refuses_a_malformed_line_with_its_number(tmp_path):
    from servicetorg.cli import main

    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "a", "text": "hei"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", str(questions), "--engine", "index"])
    assert ":2: not valid JSON" in str(exit_info.value)


def test_bench_reports_its_figures(capsys):
    from servicetorg.cli import main

    assert main(["bench", "--services", "120", "--queries", "40"]) == 0
    out = capsys.readouterr().out
    assert "demo catalog: 51 services" in out
    assert "synthetic catalog: 120 services" in out
    assert out.count("query latency: median") == 2 and out.count("index build:") == 2
