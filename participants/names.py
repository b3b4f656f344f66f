"""A delegate's name as the list keeps it: no title before it ("ông", "bà"), each
word with a capital initial ("Nguyễn Hương Giang", never "NGUYỄN hương giang").

The web form and the Excel import's checks share these rules (`DelegateForm`).
"""

import re
import unicodedata

from django.utils.translation import gettext as _

# Forms of address people put before a name; the list wants the name alone.
# Longest first, so "đồng chí" is matched whole.
TITLES = ("đồng chí", "ông", "bà", "anh", "chị")

_SPACES = re.compile(r"\s+")
# An apostrophe or a hyphen starts a new capitalised part: "H'Hen", "Ê-đê" stays
# as the person writes it when already capitalised.
_PART_BREAK = re.compile(r"(['’\-])")


def _words(name: str) -> list[str]:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip().split(" ")


def leading_title(name: str) -> str | None:
    """The title at the start of the name ("ông", "đồng chí"), or None.

    Only when a name follows it: a lone "Anh" is left to the other checks.
    """
    words = _words(name)
    folded = [word.casefold() for word in words]
    for title in TITLES:
        size = len(title.split(" "))
        if len(words) > size and " ".join(folded[:size]) == title:
            return " ".join(words[:size])
    return None


def without_title(name: str) -> str:
    """The name with its leading title dropped."""
    title = leading_title(name)
    words = _words(name)
    if title is None:
        return " ".join(words)
    return " ".join(words[len(title.split(" ")) :])


def _needs_case(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    # All lower case, all capitals (more than one letter), or a small initial.
    return letters[0].islower() or (len(letters) > 1 and word.isupper())


def _proper_word(word: str) -> str:
    if not _needs_case(word):
        return word
    parts = _PART_BREAK.split(word)
    return "".join(
        part if _PART_BREAK.fullmatch(part) else part[:1].upper() + part[1:].lower()
        for part in parts
    )


def proper_case(name: str) -> str:
    """The name with each word capitalised, Vietnamese letters included, in NFC:
    "NGUYỄN hương giang" → "Nguyễn Hương Giang". A word already written with a
    capital initial and small letters after it ("McCain", "H'Hen") is kept."""
    return " ".join(_proper_word(word) for word in _words(name) if word)


def title_message(name: str) -> str:
    """The refusal of a name that starts with a title, with the name to write."""
    return _(
        "Do not write a title (“%(title)s”) before the name: enter the full name "
        "alone, for example “%(name)s”. The position goes in its own field."
    ) % {"title": leading_title(name), "name": proper_case(without_title(name))}


def case_message(name: str) -> str:
    """The warning on a name in mixed case, offering it in proper case."""
    return _("The name “%(typed)s” is in mixed case. Did you mean “%(name)s”?") % {
        "typed": name,
        "name": proper_case(name),
    }
