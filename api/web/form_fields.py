"""Reading a posted form into a schema's fields, shared by the employer and partner pages."""

from collections.abc import Iterable
from typing import Any

from starlette.datastructures import FormData


def filled_fields(form: FormData, *, text: Iterable[str], lists: Iterable[str]) -> dict[str, Any]:
    """Text fields trimmed, blanks left out (so the schema's defaults apply); check boxes as lists."""
    data: dict[str, Any] = {}
    for name in text:
        value = form.get(name)
        if isinstance(value, str) and value.strip():
            data[name] = value.strip()
    for name in lists:
        data[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return data
