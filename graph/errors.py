"""The one error hierarchy of tensiongraph.

    TensionGraphError
    ├── InvalidInput        bad value from a caller: unknown kind or type, malformed article, bad filter
    │   ├── LimitExceeded   a configured limit was passed (size, batch, page, hops)
    │   └── Conflict        a well-formed curation the graph's state refuses (rejected already, ...)
    ├── NotFound            an actor, article or relation that is not in the store
    └── StoreUnavailable    the store cannot be reached or opened (file, server)

Stores translate sqlite3 and driver errors into these (``raise X(...) from exc``); only ``api/``
maps them to HTTP status codes and exit codes.
"""

from __future__ import annotations


class TensionGraphError(Exception):
    """Base of every error tensiongraph raises on purpose."""


class InvalidInput(TensionGraphError, ValueError):
    """A value given by a caller is not acceptable; the message names the value and the rule."""


class LimitExceeded(InvalidInput):
    """A configured limit was exceeded; the message names the limit and its value."""

    def __init__(self, what: str, limit: int | float, got: int | float | None = None) -> None:
        self.what, self.limit, self.got = what, limit, got
        detail = f"{what} exceeds the limit of {limit}"
        if got is not None:
            detail += f" (got {got})"
        super().__init__(detail)


class Conflict(InvalidInput):
    """A well-formed request that the graph's present state refuses: merging an actor into itself or into
    one of another kind, rejecting a rejected relation, undoing an undone entry."""


class NotFound(TensionGraphError, LookupError):
    """The store holds no such actor, article or relation."""


class StoreUnavailable(TensionGraphError):
    """The store cannot be reached or opened."""
