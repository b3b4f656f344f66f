"""The benches start their helpers (celery, gunicorn, manage.py) with the
interpreter they were started with: `python bench/x.py` works with any Python that
has the requirements, not only when a .venv/bin beside it holds the scripts."""

import re
from pathlib import Path

from django.conf import settings

BENCH = Path(settings.BASE_DIR) / "bench"
# A console script looked up beside the interpreter, or by a fixed venv path.
SCRIPT_BESIDE_INTERPRETER = re.compile(
    r"sys\.executable\)\.parent|\.venv/bin/(?!python bench/)|[\"'](celery|gunicorn)[\"'],"
)


def test_benches_run_their_helpers_with_sys_executable():
    offenders = []
    for path in sorted(BENCH.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.lstrip().startswith("#") or ".venv/bin/python bench/" in line:
                continue
            match = SCRIPT_BESIDE_INTERPRETER.search(line)
            if match is None:
                continue
            if match[1]:
                # "celery" or "gunicorn" as an argument: only after "-m".
                previous = path.read_text().splitlines()[number - 2]
                if '"-m"' in previous:
                    continue
            offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
