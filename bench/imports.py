"""How long importing a large LimeSurvey-like export takes, phase by phase.

Run: ``.venv/bin/python bench/imports.py [ROWS] [--no-pseudonymise]`` (default 10,000 rows).
It uses a temporary SQLite database unless ``VERBATIM_DATABASE_URL`` is set, and prints one row per
phase: reading the file, checking every row, storing (pseudonymisation included unless disabled).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time


def _export(rows: int) -> bytes:
    rnd = random.Random(42)
    header = (
        "id;submitdate;Lieu;acces;accueil;attente;ecoute;information;coordination;"
        "recommandation;apprecie;ameliorer"
    )
    waits = ["Moins de 15 minutes", "De 15 à 30 minutes", "Plus d'une heure"]
    lines = [header]
    for i in range(rows):
        lines.append(
            f"{i};2025-03-{1 + i % 28:02d} 10:{i % 60:02d}:00;MSP {i % 3};{rnd.randint(1, 5)};"
            f"{rnd.randint(1, 5)};{rnd.choice(waits)};{rnd.randint(1, 5)};4;3;{rnd.randint(0, 10)};"
            "L'accueil est très agréable;Le temps d'attente au téléphone est trop long"
        )
    return "\n".join(lines).encode("cp1252")


def main() -> None:
    """Import a generated export and print the time of each phase."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 10_000
    if "VERBATIM_DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp()
        os.environ["VERBATIM_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    from verbatim.db import session_scope, upgrade
    from verbatim.intake import importer, submit
    from verbatim.intake import rows as row_checks
    from verbatim.intake.files import read_table
    from verbatim.review.permissions import Principal
    from verbatim.survey.questionnaires import create_from_template

    cli = Principal.command_line()

    if "--no-pseudonymise" in sys.argv:
        submit.pseudonymise_many = lambda texts, staff_names=(): list(texts)
    upgrade()
    data = _export(rows)
    with session_scope(write=True) as s:
        slug = create_from_template(s, actor=cli, template="experience_msp", publish=True).slug
    timings: dict[str, float] = {}
    start = time.perf_counter()
    read_table(data, filename="bench.csv")
    timings["lecture du fichier"] = time.perf_counter() - start

    check = row_checks.RowChecker.check

    def timed_check(self, **kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        result = check(self, **kwargs)
        timings["vérification des lignes"] = time.perf_counter() - began
        return result

    row_checks.RowChecker.check = timed_check  # type: ignore[method-assign]
    start = time.perf_counter()
    with session_scope(write=True) as s:
        result = importer.run_import(
            s, actor=cli, data=data, filename="bench.csv", questionnaire_slug=slug
        )
    total = time.perf_counter() - start
    timings["écriture (pseudonymisation comprise)"] = total - timings["vérification des lignes"]
    timings["import complet"] = total
    print(f"| {result.responses} réponses | secondes |")
    print("|---|---|")
    for phase, seconds in timings.items():
        print(f"| {phase} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
