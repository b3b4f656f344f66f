# One image for the web server, the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango and HarfBuzz; the fonts carry Vietnamese diacritics;
# gettext compiles the Vietnamese catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Neither command reads the secret key or the database: a placeholder is enough.
RUN DJANGO_SECRET_KEY=build-only python manage.py compilemessages -l vi \
        --ignore=.venv --ignore=var \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/var/media \
    && chown -R portal /app/var
USER portal

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
