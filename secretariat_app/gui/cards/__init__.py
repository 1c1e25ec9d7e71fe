"""Dashboard cards contributed by capabilities (see gui/pages/__init__.py CARD_MODULES)."""
