"""ESCO occupation labels split out of the wheel's run-together text (matcher/esco_occupations.py)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from matcher.esco_occupations import load_esco_occupations, segment_occupations, split_description

TRUTH = Path(__file__).resolve().parent.parent / "fixtures" / "esco" / "occupation_labels_truth.json"


def test_split_description_finds_the_plural_subject_and_the_preferred_label() -> None:
    text = (
        "technical director technical and operations director head of technical technical manager "
        "Technical directors realise the artistic visions of the creators."
    )
    block, k, description = split_description(text)
    assert " ".join(block[:k]) == "technical director"
    assert description == "Technical directors realise the artistic visions of the creators."


def test_split_description_skips_a_capitalised_alt_label() -> None:
    # "master Chef" is an alternative label; the description starts at the plural "Head chefs".
    text = "head chef executive chef master Chef sous chef Head chefs manage the kitchen."
    block, k, description = split_description(text)
    assert (" ".join(block[:k]), description) == ("head chef", "Head chefs manage the kitchen.")


def test_segment_occupations_cuts_alt_labels_after_head_nouns_and_skips_isco_groups() -> None:
    rows = [
        ("http://data.europa.eu/esco/isco/C0", "Armed forces occupations  Armed forces ..."),
        (
            "http://data.europa.eu/esco/occupation/8000aaaa-0000-4000-8000-000000000000",
            "pasta operator pasta production operator pasta manufacturer Pasta operators make pasta.",
        ),
        (
            "http://data.europa.eu/esco/occupation/1000aaaa-0000-4000-8000-000000000000",
            "bus driver coach driver driver of bus bus operator Bus drivers operate buses.",
        ),
    ]
    got = {o.uuid[:4]: o for o in segment_occupations(rows)}
    assert set(got) == {"8000", "1000"}
    assert got["8000"].preferred_label == "pasta operator"
    assert got["8000"].alt_labels == ("pasta production operator", "pasta manufacturer")
    assert got["1000"].alt_labels == ("coach driver", "driver of bus", "bus operator")
    assert got["1000"].description == "Bus drivers operate buses."


def test_shipped_esco_occupations_match_the_hand_copied_official_labels() -> None:
    """Exact-match rate of the shipped file against 33 occupations copied from the official ESCO file.

    The wheel packs a newer ESCO release than the copied file (a few labels were added or
    reworded), so the rate is a lower bound on the splitter's accuracy. Measured: 32/33 preferred
    labels, 232/302 = 0.768 of the official alternative labels reproduced exactly.
    """
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["occupations"]
    shipped = {o.uuid: o for o in load_esco_occupations()}
    assert len(shipped) == 3039
    preferred = sum(shipped[t["uuid"]].preferred_label == t["preferred_label"] for t in truth)
    wanted = [(t["uuid"], " ".join(a.split())) for t in truth for a in t["alt_labels"]]
    found = sum(a in shipped[u].alt_labels for u, a in wanted)
    assert (preferred, len(truth)) == (32, 33)
    assert (found, len(wanted)) == (232, 302)


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=10)


@given(st.lists(_WORDS, min_size=1, max_size=12), st.lists(_WORDS, min_size=1, max_size=4), _WORDS)
def test_split_description_loses_no_word(labels: list[str], subject: list[str], verb: str) -> None:
    """Whatever the cut, label block + description give back the field's words in order."""
    text = " ".join(labels) + " " + " ".join([subject[0].capitalize(), *subject[1:], verb]) + " the work."
    block, k, description = split_description(text)
    assert block + description.split() == text.split()
    assert 0 <= k <= len(block)
