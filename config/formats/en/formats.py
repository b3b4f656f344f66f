"""The portal is Vietnamese; English (kept for developers) reads dates the same way."""

from config.formats.vi.formats import *  # noqa: F403
