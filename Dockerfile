# Hearth production image: the wheel (code, migrations and content/) on slim Python, dependencies from the
# lock file with their hashes, a non-root user, the database on a volume.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY content ./content
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HEARTH_DATABASE=/data/hearth.db

RUN groupadd --system --gid 10001 hearth \
    && useradd --system --uid 10001 --gid hearth --home-dir /app --no-create-home hearth
WORKDIR /app

# `make lock` writes requirements.lock; every package is pinned and checked against its hash.
COPY requirements.lock ./
RUN pip install --no-cache-dir --no-compile --require-hashes -r requirements.lock
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-compile --no-deps /wheels/*.whl \
    && rm -rf /wheels \
    && hearth content check

RUN mkdir -p /data && chown 10001:10001 /data
VOLUME ["/data"]
USER 10001:10001

# Healthy while the bot's gateway is connected and its database answers: `hearth health` only reads the
# heartbeat file the running bot rewrites every 20 s (/data/hearth.heartbeat); it writes nothing.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["hearth", "health"]

# SIGTERM (docker stop) stops the scheduler, the gateway and the database cleanly, well inside the 10 s grace.
STOPSIGNAL SIGTERM
CMD ["hearth", "run"]
