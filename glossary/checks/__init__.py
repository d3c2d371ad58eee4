"""Consistency checks of translations against the termbase and against themselves.

Each check is one small function registered in :mod:`glossary.checks.registry`; the runner
(:func:`run_checks`) applies the enabled ones to a stream of :class:`Segment` objects and
returns a :class:`Report` of :class:`Finding` objects. ``concord check`` is the command line.

Checks: missing-term, forbidden-term, term-variance, same-source-different-target,
same-target-different-source, numbers, placeholders.
"""

from glossary.checks.config import CheckConfig, config_from_dict, load_config
from glossary.checks.model import SEVERITIES, Finding, Segment
from glossary.checks.registry import CHECKS, Check
from glossary.checks.runner import Report, run_checks
from glossary.checks.termbase import CheckTermbase, load_concepts, load_store_concepts

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "Check",
    "CheckConfig",
    "CheckTermbase",
    "Finding",
    "Report",
    "Segment",
    "config_from_dict",
    "load_concepts",
    "load_config",
    "load_store_concepts",
    "run_checks",
]
