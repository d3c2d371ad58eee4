"""Concord's translation memory: units, stores, exchange formats and fuzzy matching."""

__version__ = "0.1.0"
