"""A small ordered registry of named hooks (the export's file writers and column providers)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named hooks kept in a stable order: ``order`` first, then registration order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, tuple[int, int, T]] = {}
        self._counter = 0

    def register(self, name: str, *, order: int = 50) -> Callable[[T], T]:
        """Decorator registering a hook under ``name`` (a later one with the same name replaces it).

        Args:
            name: Unique name of the hook.
            order: Lower runs first; the built-in hooks use 0 to 100.

        Returns:
            The decorator, which returns the function unchanged.
        """

        def decorate(hook: T) -> T:
            self._counter += 1
            self._items[name] = (order, self._counter, hook)
            return hook

        return decorate

    def unregister(self, name: str) -> None:
        """Remove a hook (no error if it is not there)."""
        self._items.pop(name, None)

    def names(self) -> list[str]:
        """The registered names, in running order."""
        return [name for name, _ in self._sorted()]

    def __iter__(self) -> Iterator[T]:
        return iter([hook for _, hook in self._sorted()])

    def _sorted(self) -> list[tuple[str, T]]:
        items = sorted(self._items.items(), key=lambda kv: (kv[1][0], kv[1][1]))
        return [(name, value[2]) for name, value in items]
