"""WeasyPrint, imported with a quick lookup of its native libraries.

WeasyPrint opens Pango, HarfBuzz, GObject and Fontconfig through cffi, trying
several names for each (`libgobject-2.0-0`, `gobject-2.0-0`, `gobject-2.0`, ...,
one per platform). Every name that is not a file name goes through
`ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then `gcc` and `ld`
for a name it did not find: about thirty processes, 0.2 s of every import
(WeasyPrint issue #1125), paid by `render_documents`, every Celery worker and every
web process on its first PDF.

Here the same answers come from one reading of the dynamic linker's cache: for a
name, the soname `lib<name>.<...>` of the running architecture, as
`ctypes.util.find_library` finds it with `ldconfig`. Where that cache cannot be read,
where `LD_LIBRARY_PATH` may hold libraries it does not list, or where WeasyPrint
cannot load with these answers, the import goes the standard way.

Import WeasyPrint's names from here, not from `weasyprint`, so that this module
is the first to import it.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator

# ldconfig's flags for the libraries of this interpreter's architecture, as
# ctypes.util reads them (its `_findSoname_ldconfig`).
_ABI_FLAGS = {
    "x86_64-64": "libc6,x86-64",
    "aarch64-64": "libc6,AArch64",
    "ppc64le-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
}


def _abi_flags() -> str | None:
    bits = "64" if struct.calcsize("l") == 8 else "32"
    return _ABI_FLAGS.get(f"{os.uname().machine}-{bits}")


def linker_cache() -> str | None:
    """What `ldconfig -p` lists, or None where it cannot say."""
    ldconfig = shutil.which("ldconfig") or (
        "/sbin/ldconfig" if os.path.exists("/sbin/ldconfig") else None
    )
    if ldconfig is None:
        return None
    try:
        return subprocess.run(
            [ldconfig, "-p"],
            capture_output=True,
            check=True,
            text=True,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def cached_library_finder(listing: str, abi_flags: str) -> Callable[[str], str | None]:
    """`find_library` answered from `listing` (what `ldconfig -p` printed)."""

    def find_library(name: str) -> str | None:
        pattern = rf"\s(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi_flags)}"
        found = re.search(pattern, listing)
        return found.group(1) if found else None

    return find_library


@contextlib.contextmanager
def _quick_library_lookup() -> Iterator[bool]:
    """While the block runs, `ctypes.util.find_library` reads the linker's cache
    once instead of running processes; yields whether it does."""
    abi_flags = _abi_flags()
    listing = (
        linker_cache()
        if sys.platform.startswith("linux")
        and abi_flags
        and not os.environ.get("LD_LIBRARY_PATH")
        else None
    )
    if not listing:
        yield False
        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = cached_library_finder(listing, abi_flags)
    try:
        yield True
    finally:
        ctypes.util.find_library = standard


def _import_weasyprint() -> None:
    if "weasyprint.text.ffi" in sys.modules:
        return
    with _quick_library_lookup() as quick:
        try:
            import weasyprint  # noqa: F401

            return
        except OSError:
            if not quick:
                raise
    # A library the linker's cache does not list (WeasyPrint has printed its
    # banner): the standard lookup may still find it.
    import weasyprint  # noqa: F401


_import_weasyprint()

from weasyprint import CSS, HTML, __version__  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

__all__ = [
    "CSS",
    "HTML",
    "FontConfiguration",
    "URLFetcher",
    "URLFetcherResponse",
    "__version__",
]
