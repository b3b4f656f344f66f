"""The `vi` catalogue is complete: every string a user reads has its Vietnamese."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Every app of the project (a folder with apps.py), its settings and its templates.
SOURCE_DIRS = sorted(
    {path.parent.name for path in ROOT.glob("*/apps.py")}
    | {"common", "config", "templates"}
)


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [e.msgid for e in catalogue if not e.obsolete and not _translated(e)]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    for name in SOURCE_DIRS:
        if not (ROOT / name).exists():
            continue
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_SECRET_KEY": "x",
        },
    )
    extracted = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    ours = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if _translated(e)
    }
    missing = sorted(e.msgid for e in extracted if (e.msgctxt, e.msgid) not in ours)
    assert missing == []


def test_catalogue_spells_each_word_one_way():
    # "Email" (not "thư điện tử"), "Hủy" and "Xóa" (not "Huỷ", "Xoá"), as Django's own.
    catalogue = polib.pofile(str(CATALOGUE))
    texts = [e.msgstr for e in catalogue] + [
        text for e in catalogue for text in e.msgstr_plural.values()
    ]
    variants = ("thư điện tử", "huỷ", "xoá")
    assert [t for t in texts if any(v in t.casefold() for v in variants)] == []
