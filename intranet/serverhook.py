"""The entry point of pre-receive hooks installed before the hook moved to
intranet/moderation/serverhook.py: they import `main` from here, and keep working."""

from intranet.moderation.serverhook import main

__all__ = ["main"]
