FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/app/data/am_assistant.sqlite3 \
    HTTP_LISTEN=0.0.0.0:8080

WORKDIR /app
# The runtime only: tests and lint tools stay out of the image (requirements-dev.txt).
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# Every folder the bot loads at run time; tests/test_image.py keeps this list complete.
COPY bot ./bot
COPY handlers ./handlers
COPY views ./views
COPY services ./services
COPY migrations ./migrations
COPY locales ./locales
COPY templates ./templates

RUN useradd --create-home --uid 10001 assistant \
    && mkdir -p /app/data /app/backups && chown assistant:assistant /app/data /app/backups
USER assistant
VOLUME ["/app/data", "/app/backups"]
# /healthz, /readyz, /metrics; and the webhook, in webhook mode.
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]

# SIGTERM from `docker stop` is handled: in-flight sends finish or go back to the queue.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
