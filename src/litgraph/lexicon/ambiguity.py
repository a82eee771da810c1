"""The one rule for a loose name that fits several entities ('Ostrom': Elinor and Vincent).

Every command that takes a loose name (link, show, view, resolve --explain) uses all the
entities it fits and says so in one note naming them; a key (`a:ostrom:e`) names exactly one.
"""

from __future__ import annotations

from collections.abc import Sequence


def all_used_note(name: str, labels: Sequence[str], verb: str = "used") -> str:
    """'Ostrom' matches 2 entities; all are used: Elinor Ostrom, Vincent Ostrom."""
    return f"{name!r} matches {len(labels)} entities; all are {verb}: " + ", ".join(labels)
