FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/app/data/am_assistant.sqlite3

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY bot ./bot
COPY handlers ./handlers
COPY views ./views
COPY services ./services
COPY migrations ./migrations
COPY locales ./locales
COPY templates ./templates

RUN useradd --create-home --uid 10001 assistant \
    && mkdir -p /app/data && chown assistant:assistant /app/data
USER assistant
VOLUME ["/app/data"]

# SIGTERM from `docker stop` is handled: in-flight sends finish or go back to the queue.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
