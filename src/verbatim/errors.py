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
    OLD_XLS = (
        "Le fichier « {name} » est un ancien classeur Excel (.xls) ou un classeur protégé : "
        "enregistrez-le au format .xlsx ou « CSV UTF-8 » depuis Excel."
    )
    CSV_SYNTAX = "Le fichier « {name} » n'est pas un CSV lisible (ligne {row}) : {detail}."
    ROW_ERROR = "Ligne {row}, colonne « {column} » : {message}"
    ROW_ERROR_NO_COLUMN = "Ligne {row} : {message}"
    DUPLICATE_EXTERNAL_ID_IN_FILE = (
        "Ligne {row}, colonne « {column} » : l'identifiant « {value} » apparaît déjà ligne {first}."
    )
    COLUMN_SAME_QUESTION = (
        "Les colonnes « {first} » et « {second} » correspondent toutes deux à la question "
        "« {question} » : ignorez l'une des deux."
    )
    UNKNOWN_MAPPING_TARGET = (
        "Colonne « {column} » : la question « {target} » n'existe pas dans le questionnaire "
        "« {questionnaire} »."
    )
    REQUIRED_QUESTION_NO_COLUMN = (
        "La question obligatoire « {question} » ne correspond à aucune colonne du fichier."
    )
    COLUMN_TWO_ROLES = (
        "La colonne « {column} » ne peut pas servir à la fois de {first} et de {second}."
    )
    NO_ANSWERS = "Le fichier « {name} » ne contient aucune réponse : toutes ses lignes sont vides."
    NO_QUESTION_COLUMNS = "Le fichier « {name} » n'a aucune colonne de question à importer."

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

    # easy-read advice on a question (survey/readability.py): warnings, they never block saving
    READ_LONG_SENTENCE = (
        "Phrase longue ({words} mots) : visez {max_words} mots au plus. Coupez-la en deux "
        "phrases courtes ou retirez les mots inutiles."
    )
    READ_LONG_TEXT = (
        "Texte long ({words} mots en tout) : gardez {max_words} mots au plus pour une question. "
        "Mettez le reste dans l'aide ou supprimez-le."
    )
    READ_HARD = (
        "Difficile à lire (lisibilité {score}/100) : préférez des mots courts et courants, "
        "et des phrases plus courtes."
    )
    READ_SEVERAL_QUESTIONS = (
        "Plusieurs questions en une ({count} points d'interrogation) : posez une seule "
        "question à la fois, faites-en plusieurs questions."
    )
    READ_JOINED_QUESTIONS = (
        "Deux questions reliées par « {joiner} » : posez une seule question à la fois, "
        "faites-en deux questions."
    )
    READ_JARGON = "« {found} » : terme de spécialiste. Écrivez plutôt : {suggestion}."
    READ_ACRONYM = (
        "Le sigle « {found} » n'est pas connu de tous : écrivez-le en toutes lettres, avec des "
        "mots simples."
    )
    READ_DOUBLE_NEGATION = (
        "Double négation : la phrase est difficile à comprendre. Tournez-la à la forme "
        "positive (par exemple « Êtes-vous satisfait… ? »)."
    )
    READ_IN_HELP = "Dans l'aide : {message}"
    READ_SCORE = "Lisibilité : {score}/100 — {label}"
    READ_SUMMARY = "Lisibilité moyenne : {score}/100 — {label}"
    READ_SUMMARY_FLAGGED = " · {count} question(s) sur {total} à revoir (n° {positions})"

    # translations of a questionnaire
    TRANSLATION_UNKNOWN_LANGUAGE = (
        "Langue « {language} » non prise en charge pour les traductions ({allowed})."
    )
    TRANSLATION_FRENCH = (
        "Le français est la langue d'origine du questionnaire : il n'a pas de traduction."
    )
    TRANSLATION_UNKNOWN_QUESTION = (
        "Traduction : la question « {link_id} » n'existe pas dans la version {number} du "
        "questionnaire."
    )
    TRANSLATION_UNKNOWN_OPTION = (
        "Traduction de la question « {question} » : le choix « {value} » n'existe pas "
        "(choix à traduire : {allowed})."
    )
    TRANSLATION_TOO_LONG = (
        "Traduction {field} : texte trop long ({length} caractères, maximum {max_chars})."
    )
    UNKNOWN_LANGUAGE_VALUE = (
        "« {value} » n'est pas une langue reconnue (code comme fr, en, ar, en-GB)."
    )

    # submissions
    REQUIRED_ANSWER = "La question « {question} » est obligatoire."
    INVALID_CHOICE = "« {value} » n'est pas une réponse possible à la question « {question} »."
    UNKNOWN_SITE_NAME = "Le site « {name} » est inconnu."
    UNKNOWN_RESPONSE = "La réponse n° {response_id} n'existe pas."

    # privacy (staff list, corrections, retention)
    STAFF_NAME_EMPTY = "Le nom à ajouter à la liste du personnel est vide."
    STAFF_NAME_TOO_LONG = "Le nom « {name} » est trop long (200 caractères au plus)."
    STAFF_NAME_EXISTS = "« {name} » figure déjà dans la liste du personnel."
    STAFF_NAME_UNKNOWN = "« {name} » ne figure pas dans la liste du personnel."
    UNKNOWN_ANSWER = "La réponse à la question n° {answer_id} n'existe pas."
    ANSWER_NOT_TEXT = (
        "La réponse n° {answer_id} n'est pas un texte libre : seule une réponse en texte libre "
        "peut être corrigée."
    )
    CORRECTION_TOO_LONG = (
        "Le texte corrigé est trop long ({length} caractères, maximum {max_chars})."
    )
    NO_RETENTION = (
        "Aucune durée de conservation n'est réglée (VERBATIM_RETENTION_MONTHS) : indiquez la date "
        "limite avec --before AAAA-MM-JJ."
    )
    BAD_SETTING = "Réglage {name} : « {value} » n'est pas un nombre entier positif."

    # sample data (verbatim demo)
    SAMPLE_ALREADY_LOADED = (
        "Les réponses d'exemple sont déjà chargées (questionnaire « {slug} ») : rien n'a été "
        "modifié."
    )
    SAMPLE_SLUG_TAKEN = (
        "Un questionnaire « {slug} » existe déjà : les données d'exemple se chargent dans une "
        "base sans ce questionnaire. Rien n'a été modifié."
    )
    SAMPLE_NOT_FOUND = "Fichier de données d'exemple introuvable : « {path} »."
    SAMPLE_BAD_LINE = "Données d'exemple « {path} », ligne {row} : {message}"

    # exports and serving
    EXPORT_BAD_SEPARATOR = "Séparateur « {sep} » non pris en charge : utilisez « ; » ou « , »."
    EXPORT_FILE_LOCKED = (
        "Impossible d'écrire « {name} » : le fichier est peut-être ouvert dans Excel ou le "
        "dossier est en lecture seule. Fermez-le puis relancez l'export."
    )
    EXPORT_NOT_A_FOLDER = "« {path} » n'est pas un dossier : choisissez un dossier pour l'export."
    APP_NOT_FOUND = (
        "Fichier « app.py » introuvable (cherché dans {places}) : lancez la commande depuis le "
        "dossier du projet Verbatim."
    )
    STREAMLIT_MISSING = (
        "Streamlit n'est pas installé dans cet environnement : lancez « uv sync » puis réessayez."
    )

    # accounts, sign-in and permissions
    NOT_SIGNED_IN = "Connectez-vous pour continuer."
    PERMISSION_DENIED = "Votre rôle ({role}) ne permet pas {action}."
    LOGIN_FAILED = "Identifiant ou mot de passe incorrect."
    LOGIN_THROTTLED = (
        "Trop de tentatives de connexion échouées pour « {username} ». Réessayez dans {wait}."
    )
    ACCOUNT_INACTIVE = "Ce compte est désactivé. Adressez-vous à un coordinateur."
    SESSION_EXPIRED = (
        "Votre session a expiré après {minutes} minutes d'inactivité. Reconnectez-vous."
    )
    SESSION_UNKNOWN = "Cette session est fermée ou inconnue. Reconnectez-vous."
    COORDINATOR_EXISTS = (
        "Un compte coordinateur existe déjà : connectez-vous avec lui pour créer d'autres comptes."
    )
    NO_COORDINATOR = (
        "Aucun compte coordinateur n'existe encore : créez-le d'abord "
        "(premier démarrage ou « verbatim account create-coordinator »)."
    )
    PASSWORD_TOO_SHORT = (
        "Le mot de passe doit contenir au moins {min_chars} caractères ({length} saisis)."
    )
    PASSWORD_TOO_LONG = "Le mot de passe ne peut pas dépasser {max_chars} caractères."
    PASSWORD_IS_USERNAME = "Le mot de passe ne doit pas contenir l'identifiant."
    PASSWORD_MISMATCH = "Les deux mots de passe saisis sont différents."
    WRONG_CURRENT_PASSWORD = "Le mot de passe actuel est incorrect."
    BAD_USERNAME = (
        "Identifiant « {username} » invalide : de 3 à 40 caractères, lettres, chiffres, "
        "point, tiret, tiret bas ou @, sans espace."
    )
    DUPLICATE_USERNAME = "L'identifiant « {username} » est déjà pris."
    BAD_DISPLAY_NAME = "Le nom affiché doit contenir de 1 à {max_chars} caractères."
    UNKNOWN_ROLE = "Rôle « {role} » inconnu ({allowed})."
    KIND_REQUIRED = "Un relecteur doit avoir un type : {allowed}."
    UNKNOWN_KIND = "Type de relecteur « {kind} » inconnu ({allowed})."
    KIND_ONLY_FOR_REVIEWERS = "Seuls les relecteurs ont un type de relecteur."
    PROFESSION_REQUIRED = (
        "Indiquez la profession du professionnel (par exemple « médecin généraliste »)."
    )
    PROFESSION_ONLY_FOR_PROFESSIONALS = "Seuls les relecteurs professionnels ont une profession."
    UNKNOWN_ACCOUNT = "Le compte « {username} » n'existe pas."
    LAST_COORDINATOR = (
        "« {username} » est le dernier coordinateur actif : créez-en un autre avant de le "
        "désactiver."
    )

    # kiosk and pages
    KIOSK_REQUIRED = "Merci de répondre à cette question pour continuer."
    KIOSK_NOT_READY = (
        "La borne n'est pas prête : le questionnaire a changé. Demandez de l'aide à l'accueil."
    )
    KIOSK_NO_PUBLISHED = (
        "Aucun questionnaire n'est publié : publiez-en un dans « Questionnaires » avant de "
        "démarrer la borne."
    )
    KIOSK_BAD_PIN = "Code incorrect."
    KIOSK_TECHNICAL = (
        "Un problème technique empêche d'enregistrer vos réponses. Merci de prévenir l'accueil."
    )
    KIOSK_PIN_TOO_SHORT = "Le code de sortie doit contenir au moins 4 caractères."
    PAPER_NOTHING_ENTERED = "Aucune réponse saisie : la réponse n'a pas été enregistrée."

    # FHIR
    FHIR_NOT_JSON = "Le fichier n'est pas un JSON valide (ligne {row}, colonne {col})."
    FHIR_WRONG_TYPE = "Ressource FHIR attendue : « {expected} », reçue : « {found} »."
    FHIR_MISSING_FIELD = "Ressource FHIR : le champ « {field} » est obligatoire ({where})."
    FHIR_UNSUPPORTED_TYPE = (
        "Élément « {link_id} » : le type FHIR « {type} » n'est pas pris en charge."
    )
    FHIR_BAD_VALUE = "Ressource FHIR : la valeur du champ « {field} » n'est pas valide ({where})."
    FHIR_UNSUPPORTED_OPERATOR = (
        "Élément « {link_id} » : l'opérateur de condition « {operator} » n'est pas pris en "
        "charge (seuls « = », « != » et « exists » le sont)."
    )
    FHIR_UNKNOWN_CANONICAL = (
        "Aucun questionnaire ne correspond à « {canonical} » : importez d'abord le questionnaire."
    )
    FHIR_UNKNOWN_LINK_ID = (
        "La question « {link_id} » n'existe pas dans le questionnaire « {questionnaire} »."
    )
    FHIR_DUPLICATE_RESPONSE = "La réponse « {identifier} » a déjà été importée."
    FHIR_NO_RESPONSES = "Le fichier FHIR ne contient aucune réponse (QuestionnaireResponse)."
    FHIR_IN_RESOURCE = "Réponse FHIR n° {index} : {message}"

    # settings files (framework, severity lexicon)
    FRAMEWORK_ROW = "Référentiel, ligne {row} : {problem}. Rien n'a été enregistré."
    LEXICON_ROW = "Lexique de gravité, ligne {row} : {problem}. Rien n'a été enregistré."

    # signals
    NO_ANALYSIS_RUN = (
        "Aucune analyse n'a encore été lancée : lancez d'abord l'analyse des verbatims "
        "(page « Analyse » ou commande « verbatim analyse »)."
    )
    SIGNAL_BAD_STATUS = "Statut de signal inconnu : « {status} »."
    SIGNAL_DISMISS_NEEDS_COMMENT = "Pour écarter un signal, dites pourquoi dans le commentaire."

    # theme engine
    BAD_FRAMEWORK = "Le référentiel de thèmes « {path} » est illisible : {error}"
    NO_TEXT_TO_ANALYSE = (
        "Aucune réponse en texte libre à analyser pour ce choix (questionnaire, période, sites)."
    )
    UNKNOWN_THEME = "Le thème n° {theme_id} n'existe pas."
    EMPTY_THEME_LABEL = "Le nom du thème ne peut pas être vide."
    BAD_DATE_OPTION = "« {value} » n'est pas une date (format attendu : AAAA-MM-JJ)."

    # review board, decisions and meetings
    REVIEW_UNKNOWN_LINEAGE = "Le thème n° {lineage} n'existe pas sur ce tableau."
    REVIEW_SAME_THEME = "Choisissez deux thèmes différents pour une fusion."
    REVIEW_NOT_MERGED = "Le thème « {label} » n'est fusionné dans aucun autre."
    REVIEW_NO_ANSWERS = "Choisissez au moins une réponse à déplacer."
    REVIEW_ANSWER_NOT_IN_RUN = "La réponse n° {answer_id} ne fait pas partie de cette analyse."
    REVIEW_MOVE_TARGET = (
        "Choisissez soit un thème de destination, soit le nom d'un nouveau thème (l'un des deux)."
    )
    REVIEW_BAD_PRIORITY = "Priorité « {value} » inconnue : 1 (faible), 2 (moyenne) ou 3 (forte)."
    REVIEW_EMPTY_COMMENT = "Le commentaire est vide."
    REVIEW_COMMENT_TOO_LONG = "Le commentaire dépasse {max_chars} caractères ({length} saisis)."
    REVIEW_BAD_DECISION = "Décision « {kind} » inconnue ({allowed})."
    REVIEW_ACTION_NEEDS_OWNER = "Une action à mener doit avoir un responsable."
    REVIEW_TEXT_TOO_LONG = "Le champ « {field} » dépasse {max_chars} caractères."
    MEETING_UNKNOWN = "La séance de relecture n° {meeting_id} n'existe pas."
    MEETING_CLOSED = "La séance du {date} est close : rouvrez-la pour voter ou décider."
    MEETING_BAD_PARTICIPANT = "Participant « {name} » : type « {kind} » inconnu ({allowed})."
    MEETING_EMPTY_PARTICIPANT = "Chaque participant doit avoir un nom."
    MEETING_DUPLICATE_PARTICIPANT = "« {name} » figure deux fois parmi les participants."
    MEETING_UNKNOWN_PARTICIPANT = "« {name} » ne participe pas à cette séance."
    REPORT_BAD_PERIOD = (
        "Période « {period} » non reconnue : écrivez une année (2026), un trimestre (2026-Q3) "
        "ou un mois (2026-10)."
    )
    REPORT_PDF_UNAVAILABLE = (
        "Le PDF ne peut pas être produit : WeasyPrint ou ses bibliothèques (Pango) manquent sur "
        "cet ordinateur ({detail}). Le rapport HTML reste disponible."
    )
