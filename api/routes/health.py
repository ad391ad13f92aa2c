"""Liveness and readiness."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from api.deps import ResourcesDep
from api.errors import RETRY_AFTER_SECONDS
from api.resources import Resources
from api.services.reembed import embeddings_state
from models.migrate import current_revision

router = APIRouter(tags=["health"])


def retrieval_state(resources: Resources) -> dict[str, str]:
    """The matcher's choice per kind once it exists, else the setting (the matcher is built at first use)."""
    if resources.matcher is not None:
        state: dict[str, str] = resources.matcher.retrieval_state()
        return state
    setting = resources.settings.retrieval
    return {kind: setting if setting != "auto" else "auto (chosen at the first match)" for kind in ("job", "program")}


class Health(BaseModel):
    status: str = Field(description="'ok' when the database and the model are ready, else 'degraded'.")
    database: str = Field(description="'ok' or the reason the database is not usable.")
    schema_revision: str | None = Field(description="Alembic revision the database is at.")
    model: str = Field(description="'ok' when the embedding model is loaded, else 'not loaded'.")
    model_name: str | None = Field(description="Directory name of the loaded embedding model.")
    embeddings: str | None = Field(
        default=None,
        description="'current' when every stored vector is the loaded model's; 're-embedding' while a model "
        "change is being applied (items not re-embedded yet are left out of rankings meanwhile); 'another "
        "model' or 'not recorded' before that starts (docs/model-change.md).",
    )
    retrieval: dict[str, str] = Field(
        default_factory=dict,
        description="Per kind (job, program), where match candidates come from: 'memory' (this worker's index), "
        "'database' (PostgreSQL), or how WAYFINDER_RETRIEVAL will choose (docs/retrieval.md).",
    )


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
def healthz(resources: ResourcesDep) -> JSONResponse:
    """Report whether the database and the embedding model are ready."""
    database, revision, embeddings = "ok", None, None
    try:
        with resources.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = current_revision(resources.engine)
        if resources.encoder is not None:
            embeddings = embeddings_state(resources.engine, resources.encoder.model_name)
    except Exception as exc:  # readiness must answer, whatever the failure
        database = f"unavailable: {type(exc).__name__}"
    model = "ok" if resources.encoder is not None else "not loaded"
    body = Health(
        status="ok" if database == "ok" and model == "ok" else "degraded",
        database=database,
        schema_revision=revision,
        model=model,
        model_name=resources.encoder.model_name if resources.encoder else None,
        embeddings=embeddings,
        retrieval=retrieval_state(resources),
    )
    if body.status == "ok":
        return JSONResponse(status_code=200, content=body.model_dump())
    # Load balancers and uptime checks back off by Retry-After, as every other 503 here says.
    return JSONResponse(status_code=503, content=body.model_dump(), headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
