"""A clock the code under test reads and sleeps on, so waiting is tested without waiting."""

from __future__ import annotations


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
