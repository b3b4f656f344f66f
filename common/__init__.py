"""Helpers with no domain and no models, usable by every app (the bottom layer)."""
