"""docker-compose.yml, Dockerfile and .env.example agree with the code.

Docker does not run where the tests run, so the files are read, not started.
"""

import ast
import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery.app.utils import find_app
from django.conf import settings
from django.core.management import get_commands

import config

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OUR_IMAGE = sorted(name for name, service in SERVICES.items() if "build" in service)
DEPENDENTS = ["web", "worker", "worker-mail", "beat", "backup"]
INTERPOLATION = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}")
ENV_READERS = {
    "bool",
    "int",
    "float",
    "str",
    "list",
    "dict",
    "json",
    "path",
    "db",
    "url",
}


def _settings_env_reads(*names: str) -> dict[str, bool]:
    """Map each variable the settings read through django-environ to 'has a default'."""
    reads: dict[str, bool] = {}
    for name in names:
        tree = ast.parse((ROOT / "config" / "settings" / name).read_text())
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            is_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and func.attr in ENV_READERS
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            first = node.args[0]
            if (
                is_env
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                has_default = any(kw.arg == "default" for kw in node.keywords)
                reads[first.value] = reads.get(first.value, True) and has_default
    return reads


PRODUCTION_READS = _settings_env_reads("base.py", "production.py")
# Every settings module, so a variable a new module reads is not forgotten either.
ALL_READS = _settings_env_reads(
    *sorted(path.name for path in (ROOT / "config" / "settings").glob("*.py"))
)


def _commands(service: dict) -> list[list[str]]:
    command = service["command"]
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] in (["sh", "-c"], ["/bin/sh", "-c"], ["bash", "-c"]):
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


def _requirement_names() -> set[str]:
    names = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.add(re.split(r"[\[=<>~!; ]", line, maxsplit=1)[0].lower())
    return names


def _env_example() -> tuple[set[str], set[str]]:
    """The variables .env.example sets, and those it only shows in a comment."""
    active, commented = set(), set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := re.fullmatch(r"([A-Z_][A-Z0-9_]*)=.*", line):
            active.add(match[1])
        elif match := re.fullmatch(r"#\s*([A-Z_][A-Z0-9_]*)=.*", line):
            commented.add(match[1])
    return active, commented


def test_compose_has_the_five_services_and_a_migrate_step():
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"] == "postgres:15"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert OUR_IMAGE == ["backup", "beat", "migrate", "web", "worker", "worker-mail"]
    assert _commands(SERVICES["migrate"]) == [
        ["python", "manage.py", "migrate", "--noinput"]
    ]
    assert SERVICES["migrate"]["restart"] == "no"


@pytest.mark.parametrize("name", OUR_IMAGE)
def test_compose_command_runs_in_our_image(name):
    installed = _requirement_names()
    for words in _commands(SERVICES[name]):
        executable = words[0]
        if executable == "python":
            assert words[1] == "manage.py", words
            assert words[2] in get_commands(), f"no management command {words[2]}"
        elif executable == "gunicorn":
            assert "gunicorn" in installed
            module_name, _, attribute = words[1].partition(":")
            module = importlib.import_module(module_name)
            assert callable(getattr(module, attribute or "application"))
        elif executable == "bash":
            assert (ROOT / words[1]).is_file(), words
        elif executable == "celery":
            assert "celery" in installed
            assert words[1:3] == ["-A", "config"]
            assert find_app("config") is config.celery_app
            assert words[3] in {"worker", "beat"}
        else:
            pytest.fail(f"{name}: {executable} is not installed in the image")


def test_compose_web_worker_beat_run_the_expected_programs():
    assert _commands(SERVICES["web"])[0][:2] == ["gunicorn", "config.wsgi:application"]
    # Long enough for the roll-up PDF of 3,321 points (about 20 s).
    assert "--timeout=120" in _commands(SERVICES["web"])[0]
    assert _commands(SERVICES["worker"])[0][:4] == ["celery", "-A", "config", "worker"]
    assert _commands(SERVICES["beat"])[0][:4] == ["celery", "-A", "config", "beat"]


def test_compose_sends_mail_from_its_own_worker_and_the_rest_from_the_other():
    mail_queue = "--queues=${CELERY_MAIL_QUEUE:-mail}"
    worker = _commands(SERVICES["worker"])[0]
    worker_mail = _commands(SERVICES["worker-mail"])[0]

    assert worker_mail[:4] == ["celery", "-A", "config", "worker"]
    assert mail_queue in worker_mail
    assert "--exclude-queues=${CELERY_MAIL_QUEUE:-mail}" in worker
    assert not [word for word in worker if word.startswith(("-Q", "--queues"))]
    # The default of the variable is the settings' default queue name for mail.
    assert mail_queue.split(":-")[1].rstrip("}") == "mail"
    assert PRODUCTION_READS["CELERY_MAIL_QUEUE"] is True


@pytest.mark.parametrize("name", OUR_IMAGE)
def test_compose_environment_matches_the_settings(name):
    environment = SERVICES[name]["environment"]

    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    required = {var for var, has_default in PRODUCTION_READS.items() if not has_default}
    assert required == {"DJANGO_SECRET_KEY", "PORTAL_BASE_URL"}
    assert required <= set(environment)
    # Every other variable is one the settings really read: no typo goes unnoticed.
    assert set(environment) - {"DJANGO_SETTINGS_MODULE"} <= set(PRODUCTION_READS)
    assert re.fullmatch(
        r"postgres://portal:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432/portal",
        environment["DATABASE_URL"],
    )
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert environment["DJANGO_ALLOWED_HOSTS"].startswith("${DJANGO_ALLOWED_HOSTS:?")
    assert environment["PORTAL_BASE_URL"].startswith("${PORTAL_BASE_URL:?")


def _env_files(service: dict) -> list[str]:
    env_file = service.get("env_file", [])
    entries = [env_file] if isinstance(env_file, (str, dict)) else env_file
    return [entry if isinstance(entry, str) else entry["path"] for entry in entries]


@pytest.mark.parametrize("name", OUR_IMAGE)
def test_compose_passes_every_variable_the_settings_read(name):
    # PORTAL_BASE_URL, OUTBOX_*, PASSWORD_RESET_TIMEOUT, PORTAL_HELP_CONTACT and
    # DOCUMENT_UPLOAD_MAX_BYTES never reached the containers: e-mails linked to
    # 127.0.0.1:8000. A variable reaches them set explicitly, or from .env, which
    # .env.example (copied to .env) lists.
    service = SERVICES[name]
    explicit = set(service["environment"])
    active, commented = _env_example()

    assert _env_files(service) == [".env"]
    missing = sorted(set(ALL_READS) - explicit - (active | commented))
    assert missing == []
    for variable in (
        "PORTAL_BASE_URL",
        "PASSWORD_RESET_TIMEOUT",
        "PORTAL_HELP_CONTACT",
        "DOCUMENT_UPLOAD_MAX_BYTES",
        "OUTBOX_RETRY_BASE_SECONDS",
        "OUTBOX_MAX_ATTEMPTS",
        "OUTBOX_STUCK_AFTER_MINUTES",
        "OUTBOX_NUDGE_TIMEOUT_SECONDS",
    ):
        assert variable in ALL_READS
        assert variable in explicit or variable in active | commented, variable


def test_env_example_requires_the_public_base_url():
    active, _commented = _env_example()
    value = re.search(
        r"^PORTAL_BASE_URL=(.*)$", (ROOT / ".env.example").read_text(), re.M
    )[1]

    assert "PORTAL_BASE_URL" in active
    assert value == "https://hoinghi.example.gov.vn"


def test_compose_postgres_and_redis_have_healthchecks():
    assert SERVICES["postgres"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "pg_isready -U portal -d portal",
    ]
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    postgres_env = SERVICES["postgres"]["environment"]
    assert (postgres_env["POSTGRES_USER"], postgres_env["POSTGRES_DB"]) == (
        "portal",
        "portal",
    )


def test_compose_checks_web_is_ready_and_the_worker_answers_a_ping():
    web = SERVICES["web"]["healthcheck"]["test"]
    assert web[:3] == ["CMD", "python", "-c"]
    assert "http://127.0.0.1:8000/readyz" in web[3]
    worker = SERVICES["worker"]["healthcheck"]["test"]
    assert worker == [
        "CMD-SHELL",
        "celery -A config inspect ping --timeout 5 -d celery@$$HOSTNAME",
    ]


def test_compose_backs_up_on_a_schedule_with_the_backup_script():
    assert _commands(SERVICES["backup"]) == [
        ["bash", "scripts/backup.sh", "--every", "${BACKUP_INTERVAL_SECONDS:-21600}"]
    ]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"\spostgresql-client\s", dockerfile)
    assert "/app/var/backups" in dockerfile


def test_no_access_log_prints_paths():
    # gunicorn's access log would print /password/reset/<uid>/<token>/.
    for words in _commands(SERVICES["web"]):
        assert not any(w.startswith("--access-log") for w in words)
    assert "--access-logfile" not in (ROOT / "Dockerfile").read_text()


@pytest.mark.parametrize("name", OUR_IMAGE)
def test_compose_services_wait_for_healthy_postgres_and_redis(name):
    depends_on = SERVICES[name]["depends_on"]

    assert depends_on["postgres"] == {"condition": "service_healthy"}
    assert depends_on["redis"] == {"condition": "service_healthy"}
    if name in DEPENDENTS:
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_declares_its_volumes():
    declared = set(COMPOSE["volumes"])
    used = set()
    for service in SERVICES.values():
        for mount in service.get("volumes", []):
            source, target = mount.split(":")[:2]
            used.add(source)
    assert used == declared == {"postgres-data", "redis-data", "media", "backups"}
    assert "backups:/app/var/backups" in SERVICES["backup"]["volumes"]
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    for name in OUR_IMAGE:
        media_root = SERVICES[name]["environment"]["DJANGO_MEDIA_ROOT"]
        assert f"media:{media_root}" in SERVICES[name]["volumes"]


def test_env_example_lists_every_variable_compose_interpolates():
    text = (ROOT / "docker-compose.yml").read_text()
    interpolated = {match[0] for match in INTERPOLATION.findall(text)}
    required = {match[0] for match in INTERPOLATION.findall(text) if match[1] == ":?"}
    active, commented = _env_example()

    assert required == {
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "POSTGRES_PASSWORD",
        "PORTAL_BASE_URL",
    }
    assert required <= active
    assert interpolated <= active | commented


def test_env_example_lists_every_variable_the_settings_read():
    active, commented = _env_example()

    assert set(ALL_READS) <= active | commented


def test_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()

    missing = [var for var in PRODUCTION_READS if f"`{var}`" not in readme]
    assert missing == []


def test_dockerfile_builds_from_python_311_with_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "\nFROM python:3.11-slim\n" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "gettext"):
        assert re.search(rf"\s{re.escape(package)}\s", dockerfile), package
    assert "RUN pip install --require-hashes -r requirements.lock" in dockerfile
    for command in re.findall(r"manage\.py (\w+)", dockerfile):
        assert command in get_commands(), command
    assert re.findall(r"manage\.py (\w+)", dockerfile) == [
        "compilemessages",
        "collectstatic",
    ]
