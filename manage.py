#!/usr/bin/env python
import gc
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
    # The command is done and the process ends here. CPython's teardown would
    # garbage-collect every object the command left, 0.2 s once Django is loaded and
    # 0.3 s after rendering PDFs, only for the system to take the memory back.
    # Frozen objects stay out of those collections; reference counting still frees
    # the rest, and what must be cleaned at exit is cleaned by atexit handlers (the
    # PDF engine's font files: documents/rendering.py).
    gc.freeze()


if __name__ == "__main__":
    main()
