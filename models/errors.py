"""Domain errors. Each carries the HTTP status it maps to and a message that says what to fix.

WayfinderError
├── DatabaseSetupError   the database cannot be used (e.g. no pgvector)   503
├── NotFoundError        no such record, or not yours to see               404
├── PermissionDeniedError the role may not do this                         403
├── ConflictError        the request clashes with the current state        409
└── ValidationFailed     the input is wrong in a way the schema can't say  422
"""


class WayfinderError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseSetupError(WayfinderError):
    status_code = 503


class NotFoundError(WayfinderError):
    status_code = 404


class PermissionDeniedError(WayfinderError):
    status_code = 403


class ConflictError(WayfinderError):
    status_code = 409


class ValidationFailed(WayfinderError):
    status_code = 422
