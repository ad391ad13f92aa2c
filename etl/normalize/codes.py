"""Occupation (SOC / O*NET-SOC) and program (CIP 2020) codes as canonical strings."""

import re

from etl.errors import FieldError

# 29-1141, 29-1141.00, 291141, 29-1141.00 Registered Nurses
_SOC = re.compile(r"^\s*(\d{2})[-\s]?(\d{4})(?:\.(\d{2}))?(?:\s|$|[,;:\-\u2013]\s*\D)")
_HAS_DIGIT = re.compile(r"\d")
# O*NET-SOC without punctuation, as state ETPL exports write it (Texas: 51412000 = 51-4120.00).
_SOC_8_DIGITS = re.compile(r"^\s*(\d{2})(\d{4})(\d{2})\s*$")
_ALL_ZEROS = re.compile(r"^0+(?:\.0+)?$")
_CIP_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,4})$")
_CIP_DIGITS = re.compile(r"^\d{3,6}$")


def normalize_soc(value: str | None, field: str) -> str | None:
    """'29-1141.00' -> '29-1141'. Text without digits is not a code (None); a malformed code is a FieldError."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    match = _SOC.match(text + " ") or _SOC_8_DIGITS.match(text)
    if match:
        major, detail = match.group(1), match.group(2)
        if major == "00":
            raise FieldError(field, f"malformed SOC code {value!r}: major group 00 does not exist")
        return f"{major}-{detail}"
    if not _HAS_DIGIT.search(text):
        return None  # a category name such as "Healthcare", not a code
    raise FieldError(field, f"malformed SOC code {value!r}: expected NN-NNNN or O*NET NN-NNNN.NN")


def normalize_cip(value: str | int | float | None, field: str) -> str | None:
    """CIP as 'NN.NNNN' or 'NN.NN': '1.0101', '010101', '10101' -> '01.0101'; '5138' -> '51.38'."""
    if value is None:
        return None
    if isinstance(value, float):
        # Spreadsheets turn 51.3902 into a float; repr keeps the digits it has.
        value = repr(value)
    text = str(value).strip()
    if not text or _ALL_ZEROS.match(text):
        return None  # '000000' / '00.0000': exports write zeros for "no code", not a malformed one
    dotted = _CIP_DOTTED.match(text)
    if dotted:
        series, rest = dotted.group(1).zfill(2), dotted.group(2)
        # Spreadsheets also drop trailing zeros: 51.39 stays a 4-digit code, 1.01 -> 01.01,
        # 51.390 -> 51.3900.
        detail = rest.ljust(2, "0") if len(rest) <= 2 else rest.ljust(4, "0")
    elif _CIP_DIGITS.match(text):
        # Leading zeros lost in a numeric column: 5 digits are a 6-digit code, 3 a 4-digit one.
        padded = text.zfill(6) if len(text) >= 5 else text.zfill(4)
        series, detail = padded[:2], padded[2:]
    else:
        raise FieldError(field, f"malformed CIP code {value!r}: expected NN.NNNN, NN.NN or 4/6 digits")
    if series == "00":
        raise FieldError(field, f"malformed CIP code {value!r}: series 00 does not exist")
    return f"{series}.{detail}"
