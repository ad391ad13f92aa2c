"""USAJOBS Search API: saved JSON responses, and a fetcher that pages through the live API."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from etl.errors import FetchError, FileFormatError, RecordError
from etl.sources.base import NestingTooDeep, RawRecord, load_json_document, loads_bounded

USAJOBS_HOST = "data.usajobs.gov"
SEARCH_URL = f"https://{USAJOBS_HOST}/api/search"
FETCH_FILE = "usajobs-api"  # what RecordError.file says for fetched records
MAX_PAGE_SIZE = 500  # the API's documented ceiling for ResultsPerPage


def result_items(page: Any) -> list[Any] | None:
    """`SearchResult.SearchResultItems` of one response, or None when it is not one."""
    if not isinstance(page, dict):
        return None
    result = page.get("SearchResult")
    if not isinstance(result, dict):
        return None
    items = result.get("SearchResultItems")
    return items if isinstance(items, list) else []


def records_from_page(page: Any, prefix: str, file: str) -> Iterator[RawRecord | RecordError]:
    """The MatchedObjectDescriptor of every item, located by its index."""
    for i, item in enumerate(result_items(page) or []):
        location = f"{prefix}SearchResultItems[{i}]"
        descriptor = item.get("MatchedObjectDescriptor") if isinstance(item, dict) else None
        if not isinstance(descriptor, dict):
            yield RecordError(file, location, "MatchedObjectDescriptor", "missing or not an object")
            continue
        if "MatchedObjectId" in item:
            descriptor.setdefault("MatchedObjectId", item["MatchedObjectId"])
        yield RawRecord(descriptor, location)


def read_usajobs(path: Path) -> Iterator[RawRecord | RecordError]:
    """One saved Search API response, or a list of them (one per page)."""
    doc = load_json_document(path)
    pages = doc if isinstance(doc, list) else [doc]
    if not pages or any(result_items(p) is None for p in pages):
        raise FileFormatError(
            f"{path.name}: not a USAJOBS Search API response (expected SearchResult.SearchResultItems)."
        )
    for n, page in enumerate(pages):
        prefix = f"[{n}]." if len(pages) > 1 else ""
        yield from records_from_page(page, prefix, path.name)


def fetch_usajobs(
    client: httpx.Client,
    *,
    keyword: str | None = None,
    location: str | None = None,
    api_key: str,
    user_agent: str,
    page_size: int = 250,
    max_pages: int = 20,
) -> Iterator[RawRecord | RecordError]:
    """Page through the Search API; stops at the last page, an empty page or `max_pages`."""
    headers = {"Authorization-Key": api_key, "User-Agent": user_agent, "Host": USAJOBS_HOST}
    params: dict[str, str | int] = {"ResultsPerPage": max(1, min(page_size, MAX_PAGE_SIZE))}
    if keyword:
        params["Keyword"] = keyword
    if location:
        params["LocationName"] = location
    for page_no in range(1, max_pages + 1):
        page = get_page(client, headers, {**params, "Page": page_no})
        yield from records_from_page(page, f"page {page_no} ", FETCH_FILE)
        items = result_items(page) or []
        pages_total = page_count(page)
        if not items or (pages_total is not None and page_no >= pages_total):
            return


def get_page(client: httpx.Client, headers: dict[str, str], params: dict[str, str | int]) -> Any:
    """One GET; HTTP or JSON failures become a FetchError that names the page."""
    try:
        response = client.get(SEARCH_URL, params=params, headers=headers)
    except httpx.HTTPError as exc:
        raise FetchError(f"USAJOBS request failed (page {params['Page']}): {exc}") from exc
    if response.status_code in (401, 403):
        raise FetchError(
            f"USAJOBS refused the request ({response.status_code}): check the Authorization-Key "
            "and that User-Agent is the e-mail address the key was issued to."
        )
    if response.status_code != 200:
        raise FetchError(f"USAJOBS answered {response.status_code} for page {params['Page']}.")
    try:
        return loads_bounded(response.text)
    except NestingTooDeep as exc:
        raise FetchError(f"USAJOBS page {params['Page']} is {exc}.") from None
    except ValueError as exc:
        raise FetchError(f"USAJOBS page {params['Page']} is not JSON.") from exc


def page_count(page: Any) -> int | None:
    """`SearchResult.UserArea.NumberOfPages`, when the response carries it."""
    try:
        return int(page["SearchResult"]["UserArea"]["NumberOfPages"])
    except (KeyError, TypeError, ValueError):
        return None
