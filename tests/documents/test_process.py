"""What a process that renders pays once: importing WeasyPrint, forking workers,
exiting. Each of these ran in the way of `render_documents` (bench/documents_bench.py
times it); these tests hold what made them cheaper to its promises."""

import ctypes.util
import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from documents import rendering, weasy

ROOT = Path(settings.BASE_DIR)

# Every name WeasyPrint 70 tries first for its libraries on Linux, a soname-style
# name it tries later, and one no system has.
LIBRARY_NAMES = [
    "libgobject-2.0-0",
    "gobject-2.0-0",
    "gobject-2.0",
    "pango-1.0",
    "harfbuzz",
    "harfbuzz-subset",
    "fontconfig",
    "pangoft2-1.0",
    "no-such-library-of-the-portal",
]


def python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_linker_cache_answers_as_ctypes_does():
    listing = weasy.linker_cache()
    assert listing, "ldconfig -p printed nothing"
    find = weasy.cached_library_finder(listing, weasy._abi_flags())

    assert {name: find(name) for name in LIBRARY_NAMES} == {
        name: ctypes.util.find_library(name) for name in LIBRARY_NAMES
    }
    assert find("gobject-2.0") == "libgobject-2.0.so.0"


def test_importing_weasyprint_runs_one_process_not_thirty():
    """The standard lookup runs ldconfig, gcc and ld for each of WeasyPrint's
    names: 0.2 s of every import."""
    result = python(
        """
        import subprocess
        programs = []
        standard = subprocess.Popen.__init__
        def counted(self, args, *rest, **options):
            programs.append(args if isinstance(args, str) else args[0])
            standard(self, args, *rest, **options)
        subprocess.Popen.__init__ = counted
        from documents.weasy import HTML
        from weasyprint.text.ffi import harfbuzz, pango
        print(programs)
        """
    )

    assert result.returncode == 0, result.stderr[-3000:]
    programs = eval(result.stdout.strip().splitlines()[-1])  # a list of strings
    assert len(programs) == 1 and programs[0].endswith("ldconfig"), programs


def test_a_library_the_cache_does_not_list_is_found_the_standard_way(tmp_path):
    """An `ldconfig` that lists none of WeasyPrint's libraries (as where they live in
    a folder only the compiler is told of): the import still succeeds."""
    fake = tmp_path / "bin" / "ldconfig"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\necho '1 libs found in cache `/etc/ld.so.cache'\n"
        "echo '\tlibportal.so.1 (libc6,x86-64) => /nowhere/libportal.so.1'\n"
    )
    fake.chmod(0o755)

    result = python(
        """
        import documents.weasy
        from weasyprint.text.ffi import pango
        print("loaded", pango is not None)
        """,
        PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "loaded True"


def _frozen_in_child() -> int:
    return gc.get_freeze_count()


def test_forked_workers_inherit_objects_frozen_out_of_the_collector():
    assert gc.get_freeze_count() == 0
    with rendering.forked_pool(1) as pool:
        in_child = pool.apply(_frozen_in_child)
        assert gc.get_freeze_count() > 0
    assert in_child > 0
    # Handed back to the collector once the pool is closed.
    assert gc.get_freeze_count() == 0


@pytest.mark.django_db(transaction=True)  # the command runs in another process
def test_render_documents_leaves_no_font_files_behind(
    bac_ninh_point, docs_conference, tmp_path
):
    """manage.py skips the collections at exit that would have deleted the
    renderer's font folder: the renderer removes it itself, in the parent and
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
    """Without the collector: a process that rendered, then froze every object."""
    result = python(
        """
        import atexit, gc, os, sys
        import django
        django.setup()
        from documents import rendering
        rendering.warm(fonts=True)
        folder = rendering._engine().font_config._folder
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
