"""An e-mail backend that writes each message as one `.eml` file, for `make run`.

Django's file backend appends every message of a connection to one `.log` file,
which no mail client opens. Here each message is the exact bytes an SMTP relay
would receive (headers, MIME parts, attachments such as the .ics), in a file named
by the moment it was written and a counter, so a double click opens it.
"""

from __future__ import annotations

import itertools
import os
import threading
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

_counter = itertools.count(1)
_counter_lock = threading.Lock()


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args, file_path: str | os.PathLike | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            self._write(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent

    def _write(self, content: bytes) -> Path:
        with _counter_lock:
            number = next(_counter)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"{stamp}-{os.getpid()}-{number}.eml"
        # Written whole, then renamed: a reader never sees half a message.
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(path)
        return path
