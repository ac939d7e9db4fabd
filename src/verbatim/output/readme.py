"""Descriptions of the export's files and columns, from which ``LISEZMOI.txt`` is written.

Each module that writes a file (or adds columns to one) describes it here, next to its hook::

    describe_file("themes.csv", "Un thème par ligne…", columns={"label": "Nom du thème."})
    describe_columns("verbatims.csv", {"tone": "Tonalité de la réponse."})

``LISEZMOI.txt`` then lists exactly the files an export wrote, and for each the columns its header
holds, in order. A column nobody described reads "(colonne non décrite)", which the tests refuse.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

README_NAME = "LISEZMOI.txt"
UNDESCRIBED = "(colonne non décrite)"


@dataclass
class FileDescription:
    """What one export file (or family of files, by glob pattern) holds."""

    pattern: str
    summary: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    other_columns: str | None = None  # for columns named after data, with "{column}"


_files: dict[str, FileDescription] = {}


def describe_file(
    pattern: str,
    summary: str,
    *,
    columns: Mapping[str, str] | None = None,
    other_columns: str | None = None,
) -> None:
    """Describe an export file (``pattern`` is a file name or a glob such as ``responses*.csv``).

    Args:
        pattern: File name or glob.
        summary: One or two French sentences: what a row is.
        columns: Column name → French description.
        other_columns: Description of columns named after the data (e.g. one per question), with
            ``{column}`` standing for the column's name.
    """
    entry = _files.setdefault(pattern, FileDescription(pattern))
    entry.summary = summary
    entry.columns.update(columns or {})
    if other_columns is not None:
        entry.other_columns = other_columns


def describe_columns(pattern: str, columns: Mapping[str, str]) -> None:
    """Describe columns that a hook adds to another module's file."""
    _files.setdefault(pattern, FileDescription(pattern)).columns.update(columns)


def _entry(name: str) -> FileDescription | None:
    return next((e for p, e in _files.items() if fnmatch(name, p)), None)


def column_description(file_name: str, column: str) -> str:
    """The description of one column of one file (:data:`UNDESCRIBED` if none)."""
    entry = _entry(file_name)
    if entry is None:
        return UNDESCRIBED
    if column in entry.columns:
        return entry.columns[column]
    if entry.other_columns:
        return entry.other_columns.format(column=column)
    return UNDESCRIBED


def csv_header(path: Path, *, sep: str) -> list[str]:
    """The header row of a written CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle, delimiter=sep), [])


def readme_text(paths: Sequence[Path], *, sep: str, threshold: int) -> str:
    """The text of ``LISEZMOI.txt`` for these written files.

    Args:
        paths: The CSV files of the export, in writing order.
        sep: Their separator.
        threshold: The small-count threshold in force.
    """
    french = sep == ";"
    lines = [
        "LISEZMOI — export Verbatim",
        "",
        "Fichiers CSV pour Excel : encodage UTF-8 avec BOM, séparateur "
        + ("« ; » (Excel en français)" if french else "« , »")
        + ", nombres décimaux avec "
        + ("une virgule" if french else "un point")
        + ", dates au format "
        + ("JJ/MM/AAAA HH:MM" if french else "AAAA-MM-JJ HH:MM")
        + " en heure de Paris.",
        "Une cellule de texte commençant par =, +, -, @, une tabulation ou un retour chariot est",
        "précédée d'une apostrophe pour ne jamais s'exécuter comme une formule.",
        "Les textes libres sont pseudonymisés : noms, téléphones, e-mails, NIR, dates de naissance",
        "et adresses y sont remplacés par [NOM], [TÉLÉPHONE], [EMAIL], [NIR], [DATE], [ADRESSE].",
        f"Dans les effectifs par site ou par réponse, un nombre de 1 à {threshold - 1} est affiché "
        f"« < {threshold} ».",
        "Ces données restent des données de santé : relisez-les avant de les diffuser hors de",
        "l'équipe.",
        "",
        "Fichiers :",
    ]
    for path in paths:
        entry = _entry(path.name)
        lines += ["", f"== {path.name} ==", entry.summary if entry else "", "Colonnes :"]
        for column in csv_header(path, sep=sep):
            lines.append(f"  - {column} : {column_description(path.name, column)}")
    return "\n".join(lines) + "\n"
