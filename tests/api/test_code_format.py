"""A code a person can type: 12 unambiguous characters in groups of four, typed back any way they like."""

import math
import re

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import access, code_format
from models.errors import NotFoundError
from tests.factories import make_profile, make_user, principal_for

GROUPED = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}(-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}){2}$")


def test_a_new_code_is_12_unambiguous_characters_in_three_groups_of_four() -> None:
    codes = {code_format.new_code() for _ in range(300)}
    assert len(codes) == 300
    assert all(GROUPED.match(code) for code in codes), sorted(codes)[:3]
    assert not set("".join(codes)) & set("01OIL")
    assert set(code_format.ALPHABET) == set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_the_code_has_about_59_bits() -> None:
    assert len(code_format.ALPHABET) == 31
    assert math.isclose(code_format.ENTROPY_BITS, 12 * math.log2(31))
    assert 59.4 < code_format.ENTROPY_BITS < 59.5


_codes = st.text(alphabet=code_format.ALPHABET, min_size=12, max_size=12)
_separators = st.lists(st.sampled_from([" ", "-", "  ", "\u2013", "\t", "", "."]), min_size=13, max_size=13)


@given(_codes, _separators, st.lists(st.booleans(), min_size=12, max_size=12))
def test_a_code_typed_in_any_case_with_any_spaces_or_dashes_is_the_same_code(
    plain: str, separators: list[str], lower: list[bool]
) -> None:
    typed = separators[0] + "".join(
        (c.lower() if low else c) + sep for c, low, sep in zip(plain, lower, separators[1:], strict=True)
    )
    assert code_format.normalize(typed) == plain
    assert access.code_hash(typed) == access.code_hash(code_format.display(plain))
    assert code_format.plausible(typed)


@given(_codes)
def test_display_groups_any_code_in_fours_and_normalizing_undoes_it(plain: str) -> None:
    shown = code_format.display(plain)
    assert GROUPED.match(shown)
    assert code_format.normalize(shown) == plain


def test_a_mistyped_character_does_not_match_another_code() -> None:
    """Characters outside the alphabet are kept, so `0` for `O` is simply a wrong code, not a different one."""
    assert code_format.normalize("ABCD-EFGH-JKM0") == "ABCDEFGHJKM0"
    assert not code_format.plausible("ABCD-EFGH-JKM0")
    assert not code_format.plausible("ABCD-EFGH")


def test_codes_of_the_older_longer_kind_are_still_accepted() -> None:
    assert code_format.plausible("TXHE-A3K6-QWER-TYUI-OPAS-DFGH-JKLZ-XCVB")
    assert code_format.normalize("txhe a3k6") == "TXHEA3K6"


def test_an_issued_code_opens_the_list_however_it_is_typed(session: Session) -> None:
    caseworker = make_user(session)
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    _, code = access.issue_code(session, principal_for(caseworker), profile.pseudonym, days=7)
    assert GROUPED.match(code)
    typed = " " + code.replace("-", " ").lower() + " "
    assert access.opportunities(session, typed, client="test") == []  # opened: nothing shared yet
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    try:
        access.opportunities(session, wrong, client="test")
    except NotFoundError as refused:
        assert refused.message == access.INVALID_CODE
    else:
        raise AssertionError("a different code opened the list")
