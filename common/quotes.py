"""Quotation marks as Vietnamese typesetting has them: “…” outside, ‘…’ inside.

The one rule of the e-mails (the `quoted` template filter, `config.templatetags`)
and the documents (`documents.selectors`): a conference's title already holds
“Xác định Chỉ số…”, so quoting it as it stands would print “Hội nghị … “Xác định”.
"""

from __future__ import annotations

from .text import nfc

OPEN, CLOSE = "“", "”"
INNER_OPEN, INNER_CLOSE = "‘", "’"
# One level down: what was outer becomes inner, and an inner quote inside it outer.
_DOWN = {OPEN: INNER_OPEN, CLOSE: INNER_CLOSE, INNER_OPEN: OPEN, INNER_CLOSE: CLOSE}


def _opens(text: str, index: int) -> bool:
    """A straight quote opens at the start or after a space or an opening mark."""
    return index == 0 or text[index - 1].isspace() or text[index - 1] in "([{“‘"


def curly(text: str) -> str:
    """`text` with its straight double quotes as “ and ” by their place."""
    return "".join(
        (OPEN if _opens(text, i) else CLOSE) if char == '"' else char
        for i, char in enumerate(text)
    )


def _apostrophe(text: str, index: int) -> bool:
    """’ between two letters (“Vietnam’s”) is an apostrophe, not a closing quote."""
    return (
        0 < index < len(text) - 1
        and text[index - 1].isalpha()
        and text[index + 1].isalpha()
    )


def _wholly_quoted(text: str) -> bool:
    """The text is one quotation: its first “ closes at its last character."""
    if len(text) < 2 or text[0] != OPEN or text[-1] != CLOSE:
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += (char == OPEN) - (char == CLOSE)
        if depth == 0:
            return index == len(text) - 1
    return False


def quoted(text: str | None) -> str:
    """`text` between “ and ”, the quotes inside it one level down (“…” as ‘…’ and
    ‘…’ as “…”). A text already quoted is not quoted twice, and one whose
    quotations are already ‘…’ keeps them."""
    inner = curly(nfc(text).strip())
    if _wholly_quoted(inner):
        inner = inner[1:-1].strip()
    top = next((char for char in inner if char in (OPEN, INNER_OPEN)), None)
    if top == OPEN:
        inner = "".join(
            _DOWN[char]
            if char in _DOWN and not (char == INNER_CLOSE and _apostrophe(inner, i))
            else char
            for i, char in enumerate(inner)
        )
    return f"{OPEN}{inner}{CLOSE}"
