"""Widgets of the review workbench (and the plain data they show)."""
