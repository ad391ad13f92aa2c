"""Training providers and programs."""

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from models.columns import EmbeddingType, created_at_field, str_list_field, utcnow
from models.enums import PostingStatus
from models.text_input import refuse_control_characters, refuse_non_web_links


class TrainingProvider(SQLModel, table=True):
    __tablename__ = "training_provider"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    name_key: str = Field(max_length=300, unique=True, index=True)
    provider_type: str | None = Field(
        default=None, max_length=100, description="e.g. community college, vocational school."
    )
    org_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    created_at: datetime = created_at_field()


class ProgramIn(SQLModel):
    """One training program after normalization."""

    # Control characters are refused here too, so an imported record holding one is reported and skipped
    # (the rest of its file still imports) instead of failing the whole import in PostgreSQL.
    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description", "prerequisites"})
    _clean_text = refuse_control_characters()
    _web_link = refuse_non_web_links("url")  # never javascript:, data: or relative links (etl.normalize.links)

    source: str = Field(max_length=100)
    source_id: str = Field(max_length=200, description="CTID, ETPL program id, Scorecard UNITID+CIP+level, ...")
    name: str = Field(max_length=500)
    description: str = Field(default="", sa_type=Text)
    url: str | None = Field(default=None, max_length=1000)
    provider_name: str = Field(max_length=300)
    provider_type: str | None = Field(default=None, max_length=100)
    cip_code: str | None = Field(
        default=None, max_length=7, description="CIP 2020 code as a zero-padded string, '51.3902' or '51.39'."
    )
    target_soc_codes: list[str] = str_list_field("SOC codes the program prepares for (given or via CIP->SOC).")
    credential_type: str | None = Field(default=None, max_length=200)
    cost_total: float | None = Field(default=None, description="Total cost to the student in USD; null when unknown.")
    cost_tuition: float | None = Field(default=None)
    duration_weeks: float | None = Field(default=None)
    duration_hours: float | None = Field(default=None)
    competency_based: bool = Field(default=False, description="Self-paced; no fixed length.")
    delivery: str | None = Field(default=None, max_length=20, description="in_person, online or hybrid.")
    shifts: list[str] = str_list_field("day, evening, night, weekend, flexible")
    days: list[str] = str_list_field("Class days: mon..sun, when published.")
    city: str | None = Field(default=None, max_length=120)
    region: str | None = Field(default=None, max_length=60)
    zip3: str | None = Field(default=None, max_length=3)
    is_online: bool = Field(default=False)
    prerequisites: str | None = Field(default=None, sa_type=Text)
    financial_aid: bool | None = Field(default=None)
    employment_rate_q2: float | None = Field(default=None, description="Share employed 2nd quarter after exit, 0..1.")
    employment_rate_q4: float | None = Field(default=None)
    median_earnings: float | None = Field(
        default=None, description="Median annual (or annualized) earnings after completion."
    )
    credential_rate: float | None = Field(default=None)
    start_date: date | None = Field(default=None)
    skills: list[str] = str_list_field("Normalized skill ids taught.")
    # Kept as published so staff and later matching can use them; a list column each, not text in the
    # description, so they are not embedded or screened as prose.
    naics_codes: list[str] = str_list_field("NAICS industry codes the program serves (CTDL naics / industryType).")
    keywords: list[str] = str_list_field("Keywords as published (CTDL keyword).")
    # Migration 0023. A list's own status word ("Suspend", "Approved"): a program the list marks as not
    # enrolling is still imported, stored closed (never ranked) and shown to staff with this word.
    listed_status: str | None = Field(
        default=None, max_length=60, description="The program's status as its list publishes it, when it names one."
    )


class TrainingProgram(ProgramIn, table=True):
    __tablename__ = "training_program"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_training_program_natural_key"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int | None = Field(default=None, foreign_key="training_provider.id", index=True)
    status: PostingStatus = Field(default=PostingStatus.ACTIVE, index=True, sa_type=String(20))
    # Programs are screened like postings (fee-charging sham schools are a known lure): hits, and staff order.
    screening: list[dict[str, object]] = Field(
        default_factory=list, sa_type=JSONB, sa_column_kwargs={"nullable": False, "server_default": text("'[]'::jsonb")}
    )
    review_priority: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    content_hash: str = Field(max_length=64)
    text_hash: str = Field(
        max_length=64,
        index=True,
        description="Hash of the text to embed; differs from embedding_hash while one is pending.",
    )
    embedding_hash: str | None = Field(default=None, max_length=64)
    embedding: list[float] | None = Field(default=None, sa_type=EmbeddingType)
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow)
