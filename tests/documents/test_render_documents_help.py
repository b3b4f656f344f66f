"""Issue #18 (newcomers): `render_documents --help` explains every option."""

import re

from documents.management.commands.render_documents import Command


def test_every_option_of_render_documents_has_its_help():
    text = Command().create_parser("manage.py", "render_documents").format_help()
    options = text.split("options:", 1)[1]
    for option in ("--kind", "--point", "--out", "--conference", "--jobs"):
        # The option's entry: its line and the indented lines that follow it.
        entry = re.search(rf"^  {option}\b.*?(?=^  -)", options, re.S | re.M)
        assert entry, option
        words = re.sub(rf"{option}( \S+)?", "", entry.group(0)).split()
        assert len(words) >= 5, (option, entry.group(0))
