"""The stored files (uploads, rendered documents) in and out of one tar archive,
through the storage API: the same for files on disk and in an S3 bucket.

scripts/backup.sh dumps the database, then calls `backup_media`; scripts/restore.sh
restores the dump into an empty database, then calls `restore_media`.
"""

import tarfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage


class RestoreError(Exception):
    """The archive cannot be restored as it is."""


def stored_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file of the storage, folder by folder, sorted."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet: MEDIA_ROOT not even made
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for sub in sorted(folders):
        yield from stored_names(storage, prefix + sub)


def export_media(*, output: Path, storage: Storage | None = None) -> int:
    """Write every stored file into a tar archive at `output`; return how many."""
    storage = storage or default_storage
    count = 0
    with tarfile.open(output, "w") as archive:
        for name in stored_names(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o640
            with storage.open(name, "rb") as handle:
                archive.addfile(info, handle)
            count += 1
    return count


def import_media(*, source: Path, storage: Storage | None = None) -> int:
    """Store every file of the archive under its own name; return how many.

    A file already stored under that name is replaced, so a restore may be run
    again after an interruption.
    """
    storage = storage or default_storage
    count = 0
    with tarfile.open(source, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = member.name
            if name.startswith("/") or ".." in name.split("/"):
                raise RestoreError(f"unsafe name in the archive: {name[:200]}")
            if storage.exists(name):
                storage.delete(name)
            handle = archive.extractfile(member)
            saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise RestoreError(f"stored as {saved[:200]}, not {name[:200]}")
            count += 1
    return count
