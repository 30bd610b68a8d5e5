"""Values computed once per :class:`~maturity.scan.repo.RepoView` and dropped with it.

A parser or detector keeps what it derived from a view (parsed trees, code lines) in a dictionary per
view. Looking a view up in a ``WeakKeyDictionary`` makes a weak reference on every call, which adds up
when a detector asks for every file of a 100,000-file repository; :class:`PerView` remembers the last
view it served.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from maturity.scan.repo import RepoView

K = TypeVar("K")
V = TypeVar("V")


class PerView(Generic[K, V]):
    """A dictionary of ``K -> V`` for each view, created empty on first use."""

    def __init__(self) -> None:
        self._maps: weakref.WeakKeyDictionary[RepoView, dict[K, V]] = weakref.WeakKeyDictionary()
        self._last: weakref.ref[RepoView] | None = None
        self._last_map: dict[K, V] = {}

    def of(self, repo: RepoView) -> dict[K, V]:
        if self._last is not None and self._last() is repo:
            return self._last_map
        found = self._maps.get(repo)
        if found is None:
            found = self._maps[repo] = {}
        self._last = weakref.ref(repo, self._forget)
        self._last_map = found
        return found

    def _forget(self, _ref: weakref.ref[RepoView]) -> None:
        self._last, self._last_map = None, {}
