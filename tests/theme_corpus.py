"""A 40-answer French corpus with intended themes, and a loader that stores it (theme tests).

Rows are inserted directly (no pseudonymisation pass) so the theme tests depend on the engine only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from verbatim.db.tables import Answer, Response
from verbatim.review.permissions import Principal
from verbatim.survey.questionnaires import create_from_template, published_version, questions_of

# (box, text, intended main theme or None for a non-informative answer)
CORPUS: list[tuple[str, str, str | None]] = [
    ("ameliorer", "L'attente était beaucoup trop longue, plus d'une heure de retard.", "attente"),
    ("ameliorer", "Une heure d'attente en salle d'attente avec un enfant malade.", "attente"),
    ("ameliorer", "Le médecin a toujours du retard, on attend longtemps.", "attente"),
    ("ameliorer", "Attente interminable malgré le rendez-vous.", "attente"),
    ("ameliorer", "Impossible d'avoir un rendez-vous avant trois semaines.", "acces_rdv"),
    ("ameliorer", "Les délais pour obtenir un rendez-vous sont trop longs.", "acces_rdv"),
    ("ameliorer", "Pas de créneau disponible sur internet, tout est complet.", "acces_rdv"),
    ("apprecie", "J'ai eu un rendez-vous le jour même, créneau rapide.", "acces_rdv"),
    (
        "apprecie",
        "Les secrétaires sont souriantes et l'accueil est chaleureux.",
        "accueil_secretariat",
    ),
    ("apprecie", "Très bon accueil au secrétariat.", "accueil_secretariat"),
    ("ameliorer", "Le secrétariat ne répond jamais au téléphone.", "accueil_secretariat"),
    ("ameliorer", "La secrétaire de l'accueil était désagréable.", "accueil_secretariat"),
    (
        "apprecie",
        "Le médecin est à l'écoute, plein de gentillesse et de bienveillance.",
        "relation_humaine",
    ),
    ("apprecie", "Une infirmière adorable et très humaine.", "relation_humaine"),
    ("ameliorer", "Le remplaçant était froid et pressé, aucune empathie.", "relation_humaine"),
    ("apprecie", "On se sent écouté et respecté.", "relation_humaine"),
    (
        "apprecie",
        "Le médecin m'a bien expliqué mon diagnostic, les explications étaient claires.",
        "information",
    ),
    ("ameliorer", "Aucune explication sur les résultats de ma prise de sang.", "information"),
    ("ameliorer", "Je n'ai pas compris les informations sur mon traitement.", "information"),
    ("apprecie", "Des soins de qualité, un examen sérieux et compétent.", "competence_soins"),
    ("apprecie", "Le pansement a été fait avec soin, vaccin sans douleur.", "competence_soins"),
    (
        "ameliorer",
        "Le spécialiste n'avait pas reçu mon dossier, aucune transmission.",
        "coordination_parcours",
    ),
    (
        "apprecie",
        "Le médecin m'a orienté vers le bon spécialiste, le kiné avait le dossier.",
        "coordination_parcours",
    ),
    (
        "ameliorer",
        "Pas de rendez-vous de suivi après ma sortie de l'hôpital.",
        "sortie_hospitalisation",
    ),
    (
        "ameliorer",
        "Au retour à domicile après l'hospitalisation, aucun suivi.",
        "sortie_hospitalisation",
    ),
    (
        "apprecie",
        "Après ma sortie d'hôpital, l'infirmière a pris le relais à domicile.",
        "sortie_hospitalisation",
    ),
    (
        "ameliorer",
        "La pharmacie n'avait pas mes médicaments, rupture de stock.",
        "medicaments_pharmacie",
    ),
    (
        "ameliorer",
        "Il faut revenir pour chaque renouvellement d'ordonnance.",
        "medicaments_pharmacie",
    ),
    (
        "apprecie",
        "Le pharmacien m'a bien expliqué la posologie de mes comprimés.",
        "medicaments_pharmacie",
    ),
    ("ameliorer", "Les dépassements d'honoraires sont trop chers.", "cout_demarches"),
    (
        "ameliorer",
        "Pas de tiers payant, il faut avancer les frais avec la carte vitale.",
        "cout_demarches",
    ),
    (
        "ameliorer",
        "Le parking est toujours plein et il n'y a pas d'ascenseur.",
        "locaux_accessibilite",
    ),
    (
        "ameliorer",
        "La salle est sale et les toilettes pas accessibles en fauteuil.",
        "locaux_accessibilite",
    ),
    ("apprecie", "Locaux propres et accessibles, parking facile.", "locaux_accessibilite"),
    ("ameliorer", "L'attente était longue mais les infirmières adorables.", "attente"),
    ("ameliorer", "RAS", None),
    ("apprecie", "rien", None),
    ("ameliorer", "-", None),
    ("apprecie", "ok", None),
    ("ameliorer", "Rien à signaler.", None),
]


def load_corpus(
    session: Session,
    *,
    rows: list[tuple[str, str, str | None]] | None = None,
    slug: str = "experience-msp",
    start: datetime | None = None,
) -> dict[int, tuple[str, str | None]]:
    """Store one response per row (likert answers included) and return {answer_id: (text, theme)}.

    The questionnaire is created from the ``experience_msp`` template on first use.
    """
    from verbatim.survey.questionnaires import get_questionnaire

    try:
        questionnaire = get_questionnaire(session, slug=slug)
    except Exception:
        questionnaire = create_from_template(
            session,
            actor=Principal.command_line(),
            template="experience_msp",
            slug=slug,
            publish=True,
        )
    version = published_version(session, questionnaire_id=questionnaire.id)
    questions = {q.link_id: q for q in questions_of(session, version_id=version.id)}
    start = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    out: dict[int, tuple[str, str | None]] = {}
    for i, (box, text, theme) in enumerate(rows if rows is not None else CORPUS):
        response = Response(
            questionnaire_id=questionnaire.id,
            version_id=version.id,
            submitted_at=start + timedelta(days=i % 60, hours=i % 7),
            channel="kiosk",
        )
        session.add(response)
        session.flush()
        score = 2.0 if box == "ameliorer" else 4.0
        session.add(
            Answer(response_id=response.id, question_id=questions["acces"].id, number=score)
        )
        answer = Answer(response_id=response.id, question_id=questions[box].id, text=text)
        session.add(answer)
        session.flush()
        out[int(answer.id)] = (text, theme)
    return out
