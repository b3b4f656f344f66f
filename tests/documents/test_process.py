"""A process that renders: its forked workers (frozen objects, billiard in a Celery
child, a lower priority) and its exit, which leaves no font files behind."""

import gc
import io
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from common.pdf import parts

ROOT = Path(settings.BASE_DIR)


def python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _frozen_in_child() -> int:
    return gc.get_freeze_count()


def test_forked_workers_inherit_objects_frozen_out_of_the_collector():
    assert gc.get_freeze_count() == 0
    with parts.forked_pool(1) as pool:
        in_child = pool.apply(_frozen_in_child)
        assert gc.get_freeze_count() > 0
    assert in_child > 0
    # Handed back to the collector once the pool is closed.
    assert gc.get_freeze_count() == 0


def _pid(_index: int) -> int:
    time.sleep(0.5)  # long enough that both processes of the pool take a share
    return os.getpid()


def _parts_in_a_daemonic_process() -> dict:
    """What a Celery prefork child does: render a long PDF in parts."""
    import multiprocessing

    indexes = []
    with parts.forked_pool(2) as pool:
        pids = set(pool.map(_pid, range(4)))
    pdf = parts.render_pdf_parts(
        template="pdf/tests/sample.html",
        context={"line": "", "raw": ""},
        parts=[{"raw": f"<p>Phần số {n}</p>"} for n in range(4)],
        title="t",
        author="a",
        subject="s",
        processes=2,
        on_part=indexes.append,
    )
    return {
        "daemon": multiprocessing.current_process().daemon,
        "me": os.getpid(),
        "pids": pids,
        "indexes": sorted(indexes),
        "pdf": pdf,
    }


def test_a_daemonic_process_like_a_celery_child_still_renders_parts_side_by_side():
    """Python refuses children to a daemonic process (a Celery prefork child); the
    parts are then forked with billiard, Celery's own multiprocessing, instead of
    rendered one after another."""
    import billiard
    from pypdf import PdfReader

    with billiard.get_context("fork").Pool(1) as celery_like:
        result = celery_like.apply(_parts_in_a_daemonic_process)

    assert result["daemon"] is True
    assert len(result["pids"]) == 2 and result["me"] not in result["pids"]
    assert result["indexes"] == [0, 1, 2, 3]
    pages = PdfReader(io.BytesIO(result["pdf"])).pages
    assert [p.extract_text().strip() for p in pages] == [
        f"Phần số {n}" for n in range(4)
    ]


def test_parts_render_at_a_lower_priority_than_requests():
    """The processes rendering a long PDF's parts are niced: on a shared host a
    login served meanwhile gets the CPU first."""
    mine = os.nice(0)
    with parts.forked_pool(
        1, initializer=parts.receive_parts, initargs=([], ())
    ) as pool:
        theirs = pool.apply(os.nice, (0,))

    assert theirs == mine + parts.PARTS_NICENESS
    assert os.nice(0) == mine


@pytest.mark.django_db(transaction=True)  # the command runs in another process
def test_render_documents_leaves_no_font_files_behind(
    bac_ninh_point, docs_conference, tmp_path
):
    """The renderer removes its font folder itself at exit, in the parent and
    whatever its forked workers did."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    db = connection.settings_dict
    out = tmp_path / "out"

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "render_documents",
            "--kind",
            "backdrop",
            "--point",
            "27",
            "--jobs",
            "2",
            "--out",
            str(out),
            "--conference",
            docs_conference.slug,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "TMPDIR": str(temp),
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            ),
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert len(list(out.glob("*.pdf"))) == 2
    assert list(temp.iterdir()) == []


def test_the_font_folder_goes_when_the_process_exits(tmp_path):
    """Without the collector (a process that rendered, then froze every object, as
    a Celery worker does): the folder is removed at exit all the same."""
    result = python(
        """
        import atexit, gc, os, sys
        import django
        django.setup()
        import tempfile
        from pathlib import Path
        from common.pdf import engine
        engine.warm(fonts=True)
        (folder,) = Path(tempfile.gettempdir()).glob("weasyprint-*")
        print(folder)
        gc.freeze()
        """,
        TMPDIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings.test",
    )

    assert result.returncode == 0, result.stderr[-3000:]
    folder = Path(result.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path
    assert not folder.exists()
