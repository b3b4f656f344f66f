"""`make test` starts a Redis that does not answer, and stops only what it started."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPT = ROOT / "scripts" / "with_services.sh"

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None and os.environ.get("CI") != "true",
    reason="redis-server is not installed",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(port), "ping"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() == "PONG"


def _run(port: int, *command: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
    }
    return subprocess.run(
        ["bash", str(SCRIPT), *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_stopped_redis_is_started_for_the_command_and_stopped_after():
    port = _free_port()
    assert not _answers(port)

    result = _run(port, "redis-cli", "-p", str(port), "ping")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PONG"
    assert not _answers(port)


def test_a_running_redis_is_left_running():
    port = _free_port()
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1",
         "--port", str(port), "--save", "", "--appendonly", "no"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    try:
        for _ in range(50):
            if _answers(port):
                break
            time.sleep(0.1)
        result = _run(port, "true")

        assert result.returncode == 0, result.stderr
        assert "starting Redis" not in result.stderr
        assert _answers(port)
    finally:
        subprocess.run(
            ["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True
        )


def test_the_command_fails_when_the_command_fails():
    port = _free_port()

    result = _run(port, "false")

    assert result.returncode == 1
    assert not _answers(port)
