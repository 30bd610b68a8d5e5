"""Values computed once per :class:`~maturity.scan.repo.RepoView` and dropped with it.

A parser or detector keeps what it derived from a view (parsed trees, code lines) in an object per view
(a dictionary unless said otherwise). Looking a view up in a ``WeakKeyDictionary`` makes a weak reference
on every call, which adds up when a detector asks for every file of a 100,000-file repository;
:class:`PerView` remembers the last view it served.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from maturity.scan.repo import RepoView

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class For(Generic[T]):
    """One ``T`` for each view, made by ``factory`` on first use."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._values: weakref.WeakKeyDictionary[RepoView, T] = weakref.WeakKeyDictionary()
        self._last: weakref.ref[RepoView] | None = None
        self._last_value: T | None = None

    def of(self, repo: RepoView) -> T:
        if self._last is not None and self._last_value is not None and self._last() is repo:
            return self._last_value
        found = self._values.get(repo)
        if found is None:
            found = self._values[repo] = self._factory()
        self._last = weakref.ref(repo, self._forget)
        self._last_value = found
        return found

    def _forget(self, _ref: Any) -> None:
        self._last, self._last_value = None, None


class PerView(For[dict[K, V]]):
    """A dictionary of ``K -> V`` for each view, created empty on first use."""

    def __init__(self) -> None:
        super().__init__(dict)
