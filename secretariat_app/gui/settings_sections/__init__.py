"""Sections of the Settings page contributed by capabilities (see gui/pages/__init__.py)."""
