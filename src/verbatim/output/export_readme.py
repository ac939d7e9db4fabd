"""Export hook writing ``LISEZMOI.txt`` last, and the descriptions of the two core files.

The other files are described by the modules that write them (see :mod:`verbatim.output.readme`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from verbatim.output.export import ExportContext, file_writers
from verbatim.output.readme import README_NAME, describe_file, readme_text
from verbatim.privacy.settings import small_count_threshold

describe_file(
    "responses*.csv",
    "Une ligne par réponse à un questionnaire, une colonne par question (questions de toutes les "
    "versions réunies, sous leur dernier libellé). Quand plusieurs questionnaires sont exportés, "
    "chacun a son fichier responses_<questionnaire>.csv.",
    columns={
        "response_id": "Numéro de la réponse dans Verbatim.",
        "external_id": "Identifiant de la réponse dans l'outil d'origine (import), sinon vide.",
        "version": "Numéro de la version du questionnaire à laquelle la personne a répondu.",
        "site": "Site (lieu de recueil) de la réponse.",
        "date": "Date et heure d'envoi de la réponse (heure de Paris).",
        "channel": "Canal de recueil : Borne, Papier ou Import.",
        "context": "Contexte du parcours de soins indiqué au recueil (par ex. après une "
        "hospitalisation).",
        "language": "Langue dans laquelle la personne a répondu (code ISO 639-1 : fr pour le "
        "français, en pour l'anglais, ar pour l'arabe…) ; les réponses gardent leur langue.",
    },
    other_columns="Réponse à cette question (libellé de la réponse ; texte libre pseudonymisé ; "
    "vide sans réponse).",
)
describe_file(
    "verbatims.csv",
    "Une ligne par réponse en texte libre (verbatim), avec son contexte ; le texte est "
    "pseudonymisé.",
    columns={
        "answer_id": "Numéro du verbatim (réponse à une question) dans Verbatim.",
        "response_id": "Numéro de la réponse complète (lien avec responses.csv).",
        "external_id": "Identifiant de la réponse dans l'outil d'origine (import), sinon vide.",
        "questionnaire": "Titre du questionnaire.",
        "question": "Libellé de la question posée.",
        "site": "Site (lieu de recueil) de la réponse.",
        "date": "Date et heure d'envoi de la réponse (heure de Paris).",
        "channel": "Canal de recueil : Borne, Papier ou Import.",
        "context": "Contexte du parcours de soins indiqué au recueil.",
        "text": "Texte libre de la personne, pseudonymisé.",
    },
)


@file_writers.register("readme", order=10_000)
def write_readme(ctx: ExportContext) -> list[Path]:
    """``LISEZMOI.txt``: every file this export wrote, and what each of its columns holds."""
    csv_files = [p for p in ctx.written if p.suffix == ".csv"]
    text = readme_text(csv_files, sep=ctx.sep, threshold=small_count_threshold())
    path = ctx.out_dir / README_NAME
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{README_NAME}.", dir=ctx.out_dir)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="\r\n") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return [path]
