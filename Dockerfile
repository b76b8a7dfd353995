# Hearth production image: slim Python, non-root, database on a volume.
FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HEARTH_DATABASE=/data/hearth.db

RUN groupadd --system hearth && useradd --system --gid hearth --home /app hearth
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY content ./content
RUN pip install --no-compile . && python -m bot content check

RUN mkdir -p /data && chown hearth:hearth /data
VOLUME ["/data"]
USER hearth

# Healthy when the database answers and is at a schema version this code knows.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD python -m bot db migrate >/dev/null || exit 1

CMD ["python", "-m", "bot", "run"]
