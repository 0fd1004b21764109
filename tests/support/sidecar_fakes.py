"""Stand-ins for the clients the sidecars are given (unit and integration tests)."""

from __future__ import annotations


class FakeRedis:
    """The Celery broker's lists by their lengths: what `llen` answers."""

    def __init__(self, lengths):
        self.lengths = lengths

    def llen(self, key):
        return self.lengths.get(key, 0)
