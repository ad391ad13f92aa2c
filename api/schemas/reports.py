"""Aggregate report bodies: every count may be withheld (null, `suppressed: true`) to protect small groups."""

from pydantic import BaseModel, Field


class Cell(BaseModel):
    count: int | None = Field(
        description="The count, or null when withheld: always for 1 to 4 (0 is shown), and for the next-smallest "
        "cell of a breakdown in which exactly one cell is withheld, so the total cannot give it away."
    )
    suppressed: bool = Field(description="True exactly when count is null (withheld).")


class Breakdown(BaseModel):
    total: Cell = Field(description="Sum of all cells; withheld if 1 to 4, and then every non-zero cell is too.")
    cells: dict[str, Cell] = Field(description="Count per key (status, reason code, outcome or YYYY-MM month).")


class SummaryOut(BaseModel):
    min_reported_count: int = Field(
        description="Smallest count shown: counts from 1 up to this minus one are withheld."
    )
    profiles: Cell = Field(description="Profiles held by the organization now.")
    profiles_by_month: Breakdown = Field(description="Profiles by month created (UTC).")
    recommendations_by_status: Breakdown = Field(description="Recommendations by current status.")
    recommendations_by_month: Breakdown = Field(description="Recommendations by month proposed (UTC).")
    approvals_by_reason: Breakdown = Field(description="Approval decisions by reason code.")
    rejections_by_reason: Breakdown = Field(description="Rejection decisions by reason code.")
    outcomes: Breakdown = Field(description="Recorded outcomes: applied, interviewed, hired, left.")
