"""Subcommands of ``concord``: each module has ``register(subparsers)``."""
