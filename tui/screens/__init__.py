"""Screens of the review workbench, one per file."""
