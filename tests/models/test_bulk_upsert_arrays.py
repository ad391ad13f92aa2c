"""text[] values reach PostgreSQL as array literals formatted once per distinct list (issue 14: import speed)."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from models.repositories.bulk_upsert import _literal, array_literal

# Any printable text but NUL (PostgreSQL text cannot hold it), with the characters an array literal gives
# meaning to: braces, commas, quotes, backslashes, spaces, and words PostgreSQL would read as NULL.
element = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12),
    st.sampled_from(["NULL", "null", "", " ", '"', "\\", "{", "}", ",", "a,b", '{"x"}', "\\N"]),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(values=st.one_of(st.none(), st.lists(st.one_of(element, st.none()), max_size=6)))
def test_any_list_comes_back_from_postgresql_as_it_went_in(session: Session, values: list[str | None] | None) -> None:
    literal = array_literal(values)
    back = session.connection().execute(text("SELECT CAST(:v AS text[])"), {"v": literal}).scalar_one()
    assert back == values


def test_the_same_list_is_formatted_once_and_the_cache_stays_bounded() -> None:
    first = array_literal(["full_time", "part_time"])
    assert first == '{"full_time","part_time"}'
    assert array_literal(("full_time", "part_time")) is first
    limit = _literal.cache_info().maxsize
    assert limit is not None
    for i in range(limit + 10):
        array_literal([string.ascii_letters, str(i)])
    assert _literal.cache_info().currsize <= limit
