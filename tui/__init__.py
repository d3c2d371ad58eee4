"""Concord's front ends: the ``concord`` command line and the Textual review UI."""
