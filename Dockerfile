# One image for the web server, the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango and HarfBuzz; the fonts carry Vietnamese diacritics;
# gettext compiles the Vietnamese catalogue; pg_dump and pg_restore (15, as the
# postgres service) make and restore backups (scripts/backup.sh).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation \
        gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The lock, not requirements.txt: every package pinned, each file checked by its hash.
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

COPY . .
# Neither command reads the secret key, the database or the public address, which
# the production settings require: placeholders are enough.
RUN export DJANGO_SECRET_KEY=build-only PORTAL_BASE_URL=https://build.invalid \
    && python manage.py compilemessages -l vi --ignore=.venv --ignore=var \
    && python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/var/media /app/var/backups \
    && chown -R portal /app/var
USER portal

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
