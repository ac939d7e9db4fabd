"""User-facing messages, in French, in one place (as spaCy keeps its ``Errors``).

Services raise :class:`VerbatimError` with one of these templates; pages and the CLI show
``str(error)``. Code and identifiers stay in English; only the text a person reads is French.
"""

from __future__ import annotations


class VerbatimError(Exception):
    """An error a coordinator can understand and act on; nothing was changed."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


class PermissionDenied(VerbatimError):
    """The current account may not do this."""


class Msg:
    """Message templates. Placeholders are filled with ``str.format``."""

    # files and imports
    EMPTY_FILE = "Le fichier « {name} » est vide."
    BINARY_FILE = (
        "Le fichier « {name} » n'est pas un fichier texte CSV ni un classeur Excel lisible."
    )
    FILE_TOO_LARGE = "Le fichier « {name} » dépasse la taille maximale ({max_mb} Mo)."
    BAD_ENCODING = (
        "Le fichier « {name} » n'est ni en UTF-8 ni en Windows-1252 (ligne {row}) : "
        "enregistrez-le en « CSV UTF-8 » depuis Excel."
    )
    HEADER_ONLY = "Le fichier « {name} » ne contient qu'une ligne d'en-tête, aucune réponse."
    NO_HEADER = "Le fichier « {name} » n'a pas de ligne d'en-tête."
    DUPLICATE_COLUMN = "La colonne « {column} » apparaît deux fois dans l'en-tête."
    UNKNOWN_COLUMN = (
        "Ligne 1, colonne « {column} » : cette colonne ne correspond à aucune question du "
        "questionnaire « {questionnaire} »."
    )
    RAGGED_ROW = "Ligne {row} : {found} cellules au lieu de {expected} (colonnes de l'en-tête)."
    BAD_DATE = "Ligne {row}, colonne « {column} » : « {value} » n'est pas une date reconnue."
    CELL_TOO_LONG = (
        "Ligne {row}, colonne « {column} » : texte trop long ({length} caractères, "
        "maximum {max_chars})."
    )
    OUT_OF_SCALE = (
        "Ligne {row}, colonne « {column} » : « {value} » n'est pas une réponse possible "
        "({allowed})."
    )
    NOT_A_NUMBER = "Ligne {row}, colonne « {column} » : « {value} » n'est pas un nombre."
    UNKNOWN_SITE = "Ligne {row}, colonne « {column} » : le site « {value} » est inconnu."
    DUPLICATE_EXTERNAL_ID = (
        "Ligne {row}, colonne « {column} » : l'identifiant « {value} » a déjà été importé."
    )
    MISSING_REQUIRED = "Ligne {row}, colonne « {column} » : la question est obligatoire."
    UNKNOWN_COLUMN_OPTION = "La colonne « {column} » n'existe pas dans le fichier."

    # questionnaires
    UNKNOWN_QUESTIONNAIRE = "Le questionnaire « {slug} » n'existe pas."
    UNKNOWN_TEMPLATE = "Le modèle « {name} » n'existe pas."
    DUPLICATE_SLUG = "Un questionnaire « {slug} » existe déjà."
    VERSION_FROZEN = (
        "La version {number} du questionnaire a déjà des réponses : elle ne peut plus être "
        "modifiée. Créez une nouvelle version."
    )
    NOT_PUBLISHED = "Le questionnaire « {slug} » n'est pas publié."
    EMPTY_QUESTION_TEXT = "Question {position} : le texte de la question est vide."
    CHOICES_REQUIRED = "Question {position} : une question à choix doit avoir au moins deux choix."
    BAD_SHOW_IF = (
        "Question {position} : la condition d'affichage doit porter sur une question précédente."
    )
    NO_QUESTIONS = "Le questionnaire n'a aucune question."

    # submissions
    REQUIRED_ANSWER = "La question « {question} » est obligatoire."
    INVALID_CHOICE = "« {value} » n'est pas une réponse possible à la question « {question} »."
    UNKNOWN_SITE_NAME = "Le site « {name} » est inconnu."
    UNKNOWN_RESPONSE = "La réponse n° {response_id} n'existe pas."

    # FHIR
    FHIR_NOT_JSON = "Le fichier n'est pas un JSON valide (ligne {row}, colonne {col})."
    FHIR_WRONG_TYPE = "Ressource FHIR attendue : « {expected} », reçue : « {found} »."
    FHIR_MISSING_FIELD = "Ressource FHIR : le champ « {field} » est obligatoire ({where})."
    FHIR_UNSUPPORTED_TYPE = (
        "Élément « {link_id} » : le type FHIR « {type} » n'est pas pris en charge."
    )
