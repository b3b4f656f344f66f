"""Folding Vietnamese text for search: no diacritics, no case, đ/Đ as d."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold_for_search(value: str | None) -> str:
    """Return `value` lower-cased, without diacritics, with đ as d and one space.

    "Đắk Lắk", "dak lak" and "ĐẮK LẮK" all give "dak lak". Stored beside a name
    (`AdministrativeUnit.search_name`) so a search is a plain `LIKE` on any database.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).translate(_D))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text.translate(_D)).strip().casefold()
