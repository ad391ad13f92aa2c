"""The server's access log records method, path and status, never the query string.

A query string can carry what should not be kept in a log file (a search term, an e-mail address from a
mistyped link, a token someone pasted); the path is enough to read traffic. Uvicorn logs each request on
the "uvicorn.access" logger with the path and query as one argument; this filter cuts it at "?".
"""

import logging

ACCESS_LOGGER = "uvicorn.access"
# Position of "path?query" in uvicorn's access-log arguments: (client, method, full_path, http_version, status).
_FULL_PATH = 2


class DropQueryString(logging.Filter):
    """Rewrites uvicorn access records so the logged path has no query string; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > _FULL_PATH:
            path = args[_FULL_PATH]
            if isinstance(path, str) and "?" in path:
                record.args = (*args[:_FULL_PATH], path.split("?", 1)[0], *args[_FULL_PATH + 1 :])
        return True


def install_access_log_filter() -> None:
    """Attach the filter to uvicorn's access logger once (kept by uvicorn's later logging.dictConfig)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryString) for f in logger.filters):
        logger.addFilter(DropQueryString())
