"""Aggregate report bodies: every count may be withheld (null, suppressed) when it is under 5."""

from pydantic import BaseModel, Field


class Cell(BaseModel):
    count: int | None = Field(description="The count; null when withheld.")
    suppressed: bool = Field(description="True when the count is withheld (1..4, or to protect a withheld cell).")


class Breakdown(BaseModel):
    total: Cell = Field(description="Sum of all cells (withheld if under 5).")
    cells: dict[str, Cell] = Field(description="Count per key (status, reason code, outcome or YYYY-MM month).")


class SummaryOut(BaseModel):
    min_reported_count: int = Field(description="Counts from 1 to this minus one are withheld.")
    profiles: Cell = Field(description="Profiles held by the organization now.")
    profiles_by_month: Breakdown = Field(description="Profiles by month created (UTC).")
    recommendations_by_status: Breakdown = Field(description="Recommendations by current status.")
    recommendations_by_month: Breakdown = Field(description="Recommendations by month proposed (UTC).")
    approvals_by_reason: Breakdown = Field(description="Approval decisions by reason code.")
    rejections_by_reason: Breakdown = Field(description="Rejection decisions by reason code.")
    outcomes: Breakdown = Field(description="Recorded outcomes: applied, interviewed, hired, left.")
