"""Every tile colour of the map passes WCAG AA (4.5:1) with the text printed on it."""

import re

import pytest
from django.conf import settings

from participants.enums import ListStatus
from readiness.enums import Readiness

CSS = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()


def _fill(selector: str) -> str:
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", CSS):
        selectors = [s.strip() for s in rule.group(1).split(",")]
        if selector in selectors:
            match = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", rule.group(2))
            if match:
                return match.group(1)
    raise AssertionError(f"no fill for {selector}")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]  # fmt: skip
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    "by, value",
    [("status", s.value) for s in ListStatus]
    + [("readiness", r.value) for r in Readiness],
)
def test_tile_text_contrast(by, value):
    background = _fill(f".tile-{by}-{value}")
    text = _fill(f".tile-text-{by}-{value}")
    assert _contrast(background, text) >= 4.5, (by, value, background, text)
