"""Clean what people type or paste, for every text field of the portal.

One rule for the web forms, the admin and the Excel import alike:

- Unicode NFC;
- control characters (category Cc) removed, white space made one space (a
  multi-line field keeps its line breaks);
- format characters (category Cf: U+200B–U+200F, U+00AD, U+FEFF, …) and the
  combining grapheme joiner U+034F removed: invisible, they would make a second
  person of the same name;
- bidirectional overrides, embeddings and isolates (U+202A–U+202E,
  U+2066–U+2069) refused: they make a text display as something else.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
COMBINING_GRAPHEME_JOINER = "\u034f"
_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_D_WITH_STROKE = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str | None) -> str:
    """`value` in Unicode NFC ("" for None): composed, as the fonts and the search
    expect Vietnamese letters."""
    return unicodedata.normalize("NFC", value or "")


def _keep(char: str, *, multiline: bool) -> bool:
    if char in BIDI_CONTROLS:
        return True  # kept for check_text to refuse, never silently dropped
    if char == COMBINING_GRAPHEME_JOINER:
        return False
    category = unicodedata.category(char)
    if category == "Cc":
        return char.isspace() or (multiline and char == "\n")
    return category != "Cf"


def normalise_text(value, *, multiline: bool = False) -> str:
    """Return the value as NFC text without invisible characters, trimmed.

    Never raises: bidi controls are kept so that `check_text` can refuse them.
    """
    if value is None:
        return ""
    text = str(value)
    # Printable text holds no Cc or Cf character: the common case costs nothing.
    if not text.isprintable() or COMBINING_GRAPHEME_JOINER in text:
        if multiline:
            text = _NEWLINES.sub("\n", text)
        text = "".join(c for c in text if _keep(c, multiline=multiline))
    text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = (_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(lines).strip()
    return _SPACES.sub(" ", text).strip()


def has_bidi_controls(text: str) -> bool:
    return not BIDI_CONTROLS.isdisjoint(text)


def check_text(text: str) -> str:
    """Refuse a text holding a bidirectional override, embedding or isolate."""
    if has_bidi_controls(text):
        raise ValidationError(
            _(
                "The text contains invisible direction-control characters "
                "(such as U+202E) that make it display as something else. Type "
                "it again rather than pasting it."
            ),
            code="bidi_control",
        )
    return text


def clean_text(value, *, multiline: bool = False) -> str:
    """Return the value cleaned as every text field stores it, or refuse it."""
    return check_text(normalise_text(value, multiline=multiline))


def fold(value) -> str:
    """Return a key for comparing names: cleaned, invisible characters and bidi
    controls dropped, case-folded."""
    text = normalise_text(value)
    if has_bidi_controls(text):
        text = "".join(c for c in text if c not in BIDI_CONTROLS)
        text = _SPACES.sub(" ", text).strip()
    return text.casefold()


def fold_accents(value) -> str:
    """Return `value` lower-cased, without diacritics, with đ as d and one space.

    "Đắk Lắk", "dak lak" and "ĐẮK LẮK" all give "dak lak", in any normal form. The
    one accent folding of the portal: the stored search names
    (`AdministrativeUnit.search_name`, so a search is a plain `LIKE`), the Excel
    import's column and label keys, the demo's e-mail addresses.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).translate(_D_WITH_STROKE))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().casefold()
