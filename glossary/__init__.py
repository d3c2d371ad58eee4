"""The termbase: concepts and terms (``model``), their store (``store``) and formats.

Imports flow one way: ``tm`` <- ``glossary`` <- ``tui``.
"""
