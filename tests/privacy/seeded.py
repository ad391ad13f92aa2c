"""Personal data seeded into free text by the privacy tests, and the places it is hidden in.

Every kind the requirements name: a person's name, phone, e-mail, street address, SSN, passport and
A-number, and a shelter's name. None of these values may be found stored, embedded or logged.
"""

NAME = ("Maria", "Lopez")
PHONE = "713-555-0142"
EMAIL = "maria.lopez88@gmail.com"
STREET = "42 Elm Street"
SSN = "512-44-9831"
PASSPORT = "P12345678"
A_NUMBER = "A-123-456-789"
SHELTER = "Hope House"

ALL = [*NAME, PHONE, EMAIL, STREET, SSN, PASSPORT, A_NUMBER, SHELTER]

WORK_TITLE = "Kitchen helper for Maria Lopez"
WORK_ACTIVITIES = (
    f"Cooked and cleaned at {STREET} while staying at {SHELTER} shelter. Call {PHONE} or write to {EMAIL}. "
    f"Passport number {PASSPORT} was held by the boss; A-number {A_NUMBER}; SSN {SSN}. "
    "Washed dishes, prepped vegetables, loaded the dishwasher."
)
NOTE = f"Talked it through with Maria Lopez at {SHELTER}; she can be reached at {PHONE} or {EMAIL}, SSN {SSN}."


def found_in(text: str) -> list[str]:
    """The seeded values present in `text` (case-insensitive)."""
    lowered = text.lower()
    return [value for value in ALL if value.lower() in lowered]
