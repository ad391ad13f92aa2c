"""Input-body base classes and the pagination shared by every list endpoint."""

from typing import Annotated, ClassVar, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from models.text_input import refuse_control_characters

T = TypeVar("T")
MAX_LIMIT = 100


class CleanText(BaseModel):
    """Input bodies refuse control characters (NUL, ESC, lone surrogates, ...) in every text field, with a
    message naming the field; tab and line breaks only in the fields listed in MULTILINE_FIELDS."""

    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset()
    _clean_text = refuse_control_characters()


class Strict(CleanText):
    """Input bodies: a field the API does not know is an error, so nothing extra can be smuggled in."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PageParams(BaseModel):
    limit: int = Field(description="Items per page.")
    offset: int = Field(description="Items to skip.")


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1..{MAX_LIMIT}).")] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[T]):
    items: list[T] = Field(description="This page's items.")
    total: int = Field(description="Items in all pages.")
    limit: int = Field(description="Items per page asked for.")
    offset: int = Field(description="Items skipped.")
