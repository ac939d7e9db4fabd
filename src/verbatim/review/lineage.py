"""Theme lineages: a stable identity for a theme across analysis runs.

The engine maps each new theme onto the previous run's (``Theme.previous_theme_id``). Following
that chain back to its first theme gives the theme's *lineage*: the id of that first theme. A theme
created on the board by a split has the lineage ``-ManualTheme.id``. Every human edit is keyed by a
lineage, so it comes back in every later run the engine maps onto it.

Merges are kept as "lineage A is shown inside lineage B"; :func:`resolve` follows them to the
lineage whose card shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from verbatim.db.tables_review import ManualTheme, ThemeMerge
from verbatim.db.tables_themes import Theme
from verbatim.errors import Msg, VerbatimError


def manual_lineage(manual_id: int) -> int:
    """The lineage id of a board-only theme."""
    return -int(manual_id)


def is_manual(lineage: int) -> bool:
    """True for the lineage of a board-only theme."""
    return lineage < 0


@dataclass(frozen=True)
class ThemeRef:
    """What lineages need to know of one stored theme."""

    id: int
    run_id: int
    previous_theme_id: int | None
    label: str


class Lineages:
    """Every stored theme's lineage, computed once by walking the ``previous_theme_id`` chains.

    Build one per request with :meth:`load`; it holds a few integers per theme.
    """

    def __init__(self, themes: list[ThemeRef], manual: dict[int, str], merges: dict[int, int]):
        self._themes = {t.id: t for t in themes}
        self._root: dict[int, int] = {}
        self.manual_labels = manual  # lineage (negative) -> label
        self.merges = merges  # source lineage -> target lineage

    @classmethod
    def load(cls, session: Session) -> Lineages:
        """Read the themes' chains, the board-only themes and the merges."""
        rows = session.exec(
            select(Theme.id, Theme.run_id, Theme.previous_theme_id, Theme.label)
        ).all()
        themes = [ThemeRef(int(r[0]), int(r[1]), r[2], r[3]) for r in rows]
        manual = {
            manual_lineage(m.id or 0): m.label for m in session.exec(select(ManualTheme)).all()
        }
        merges = {
            m.source_lineage: m.target_lineage for m in session.exec(select(ThemeMerge)).all()
        }
        return cls(themes, manual, merges)

    def of_theme(self, theme_id: int) -> int:
        """The lineage of a stored theme (its own id when it has no predecessor)."""
        if theme_id in self._root:
            return self._root[theme_id]
        chain: list[int] = []
        current: int | None = theme_id
        seen: set[int] = set()
        while current is not None and current not in self._root and current not in seen:
            seen.add(current)
            chain.append(current)
            ref = self._themes.get(current)
            current = ref.previous_theme_id if ref is not None else None
        root = self._root[current] if current is not None and current in self._root else chain[-1]
        for theme in chain:
            self._root[theme] = root
        return root

    def resolve(self, lineage: int) -> int:
        """The lineage whose card shows ``lineage`` (itself unless it was merged).

        Any theme id of a lineage may be given for the lineage: a later run's theme id leads to
        its lineage first.
        """
        if lineage > 0 and lineage in self._themes:
            lineage = self.of_theme(lineage)
        seen = {lineage}
        while lineage in self.merges:
            lineage = self.merges[lineage]
            if lineage in seen:  # a cycle cannot be stored, but never loop on bad data
                break
            seen.add(lineage)
        return lineage

    def members(self, lineage: int) -> list[int]:
        """``lineage`` and every lineage merged into it (directly or not)."""
        return [lin for lin in {lineage, *self.merges} if self.resolve(lin) == lineage]

    def themes_in(self, lineage: int) -> list[ThemeRef]:
        """The stored themes of one lineage, oldest run first."""
        found = [t for t in self._themes.values() if self.of_theme(t.id) == lineage]
        return sorted(found, key=lambda t: (t.run_id, t.id))

    def theme_in_run(self, lineage: int, run_id: int) -> ThemeRef | None:
        """The theme of ``run_id`` in ``lineage``, if the run has one."""
        for theme in self._themes.values():
            if theme.run_id == run_id and self.of_theme(theme.id) == lineage:
                return theme
        return None

    def label(self, lineage: int) -> str:
        """The newest label of a lineage (a board-only theme's own label)."""
        if is_manual(lineage):
            return self.manual_labels.get(lineage, f"Thème n° {-lineage}")
        themes = self.themes_in(lineage)
        return themes[-1].label if themes else f"Thème n° {lineage}"

    def final(self, lineage: int) -> int:
        """:meth:`resolve`, refusing a lineage no stored or board-only theme has.

        Raises:
            VerbatimError: Unknown theme.
        """
        final = self.resolve(lineage)
        if not self.exists(final):
            raise VerbatimError(Msg.REVIEW_UNKNOWN_LINEAGE.format(lineage=lineage))
        return final

    def exists(self, lineage: int) -> bool:
        """True when the lineage is known (a stored theme's or a board-only theme's)."""
        if is_manual(lineage):
            return lineage in self.manual_labels
        return lineage in self._themes and self.of_theme(lineage) == lineage
