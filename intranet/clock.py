"""What day it is for publishing: scheduled posts appear and expired ones vanish by it."""

from __future__ import annotations

import datetime as dt
import os

from intranet.errors import IntranetError, error


def today() -> dt.date:
    """INTRANET_TODAY lets an admin preview the site as it will be on another day, and
    makes tests independent of the calendar."""
    value = os.environ.get("INTRANET_TODAY", "")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise IntranetError([error("INTRANET_TODAY", 1, 1, "env-today",
                                   f"{value!r} is not a date; use YYYY-MM-DD")]) from None
