"""A synthetic French corpus with planted identifiers, for bench/privacy.py (fixed seed).

Each generated answer knows where its identifiers are (character spans and kind), so recall can be
measured exactly. Names are drawn from lists of which about half are NOT in Verbatim's own
lexicons, so the model's share of the work is measured too. Typos: lowercase names, doubled spaces,
a letter O for a zero, missing accents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

KINDS = ("nom", "telephone", "email", "nir", "date", "adresse")

FIRST_NAMES = [
    # in Verbatim's lexicon
    "Sophie", "Julie", "Nathalie", "Thomas", "Nicolas", "Isabelle", "Philippe", "Céline",
    "Stéphanie", "Laurent", "Martine", "Christophe", "Aurélie", "Sandrine", "Pierre",
    # not in it
    "Maëlys", "Sofiane", "Enzo", "Anissa", "Gwenaëlle", "Loïc", "Yasmina", "Killian", "Soizic",
    "Rodolphe", "Ophélie", "Mehdi", "Ludivine", "Tristan", "Bérengère",
]  # fmt: skip
SURNAMES = [
    # in Verbatim's lexicon
    "Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Girard", "Fournier", "Lambert",
    "Rousseau", "Mercier",
    # not in it
    "Kowalski", "Benali", "Le Guennec", "Tessier", "Hamon", "Charrier", "Delahaye", "Pelletier",
    "Marchetti", "Ouedraogo", "Brossard", "Villeneuve", "Jaouen", "Courtois", "Bouvier",
]  # fmt: skip

NAME_TEMPLATES = [
    "Merci à {first} pour sa gentillesse.",
    "Le Dr {last} a pris le temps de m'expliquer mon traitement.",
    "{first} {last} au secrétariat a été très aimable.",
    "J'ai été reçue par le docteur {last_lc}, très à l'écoute.",
    "Madame {last} m'a fait attendre une heure sans explication.",
    "l'infirmière {first} est formidable avec les enfants",
    "Grâce à {first}, j'ai pu avoir un rendez-vous rapidement.",
    "Mme {last} et M. {last2} sont toujours souriants.",
    "Je remercie {first} {last} pour son professionnalisme",
    "{first} est super, toujours disponible.",
    "mon médecin le dr {last} ne répond jamais au téléphone",
    "Très bon suivi avec {first} {last}, kiné.",
    "Le docteur {last}  est parti à la retraite et personne ne l'a remplacé.",
    "Je voudrais remercier {first} de l'accueil.",
    "Monsieur {last} n'a pas écouté ma mère.",
]
PHONE_TEMPLATES = [
    "Rappelez-moi au {v} svp.",
    "mon portable {v}",
    "Vous pouvez me joindre au {v} pour en parler.",
    "tel:{v}",
    "{v} c'est mon numéro, personne ne rappelle",
    "J'ai laissé mon numéro ({v}) mais aucune nouvelle.",
]
EMAIL_TEMPLATES = [
    "Écrivez-moi à {v} si besoin.",
    "mon mail : {v}",
    "Contact {v} merci",
    "Je veux une réponse par mail ({v}).",
]
NIR_TEMPLATES = [
    "mon numéro de sécu est {v}",
    "NIR : {v} (la carte ne passait pas)",
    "Ma carte vitale {v} n'a pas été lue.",
    "Pour retrouver mon dossier : {v}",
]
DATE_TEMPLATES = [
    "Je suis née le {v} et on m'a traitée comme une enfant.",
    "né le {v}, patient depuis 20 ans",
    "Date de naissance : {v}.",
    "DDN {v}",
    "ma date de naissance est le {v} et elle était fausse sur l'ordonnance",
]
ADDRESS_TEMPLATES = [
    "J'habite {v} et le bus ne passe plus.",
    "Envoyez le courrier au {v} svp.",
    "{v}, pas de parking à côté.",
    "Mes résultats sont partis au {v} au lieu de chez moi.",
]
STREETS = [
    ("rue", "des Lilas"), ("avenue", "Jean Jaurès"), ("chemin", "des Vignes"),
    ("boulevard", "Voltaire"), ("place", "de la République"), ("impasse", "du Moulin"),
    ("allée", "des Tilleuls"), ("rue", "victor hugo"), ("route", "de Lyon"),
    ("rue", "Pasteur"),
]  # fmt: skip
TOWNS = ["75011 Paris", "69003 Lyon", "13008 Marseille", "35000 Rennes", "59000 Lille"]

ORDINARY = [
    "Accueil très agréable.", "Attente trop longue.", "Rien à signaler.", "RAS",
    "Merci pour tout !",
    "Secrétariat difficile à joindre par téléphone.", "Les urgences étaient saturées.",
    "Le médecin traitant est à l'écoute.", "IDE très disponible.", "Consultation ORL rapide.",
    "Le SAMU est arrivé vite.", "Parking trop petit.", "Salle d'attente propre et calme.",
    "Prise de rendez-vous sur Doctolib facile.", "Pharmacie à côté, bien pratique.",
    "Kiné au top.", "Rendez-vous du 12/03/2024 annulé sans prévenir.",
    "Le Docteur est très gentil.", "Médecin remplaçant pas au courant de mon dossier.",
    "Trop de bruit dans la salle d'attente, on entend tout.",
    "Très bonne prise en charge après ma sortie de l'hôpital.",
    "Téléconsultation impossible, la vidéo coupait.", "Ordonnance non renouvelée.",
    "Infirmière à domicile ponctuelle.", "Écoute, gentillesse, disponibilité.",
    "Sourire de l'équipe.", "Propreté des locaux.", "Ponctualité à revoir.",
    "Patience du personnel.", "Attente interminable aux Urgences.",
    "Accueil chaleureux, Merci.", "Rien.", "Tout était parfait.", "Pas assez de médecins.",
    "Horaires d'ouverture trop courts le samedi.", "Secrétaire débordée mais aimable.",
    "Pas de place pour les poussettes.", "Ascenseur en panne depuis des semaines.",
    "Je recommande vivement la Maison de santé.", "Dépassements d'honoraires non annoncés.",
    "Résultats de prise de sang reçus rapidement.", "La sage-femme a été rassurante.",
    "Le cabinet est loin de l'arrêt de bus.", "Vaccination organisée rapidement.",
    "Continuez comme ça !", "Bravo à toute l'équipe.", "Manque de confidentialité à l'accueil.",
    "Mon traitement a été changé sans explication.", "Délai de rendez-vous de trois semaines.",
    "Le Samedi matin c'est fermé.", "Suivi de ma glycémie très sérieux.",
    "Retour à domicile mal préparé après l'hospitalisation.", "Aucune coordination avec le CHU.",
    "Le pharmacien a détecté une interaction, merci.", "Toilettes sales.",
    "Infirmières au top, Médecins pressés.", "Accès PMR compliqué.",
    "Hôpital Saint-Joseph : sortie trop rapide.", "Urgences de Villeneuve saturées le week-end.",
    "Cardiologue injoignable.", "Gynéco très humaine.", "Bonne écoute.", "Top.",
    "Nul.", "Dr absent, remplaçant en retard.", "Prise en charge rapide par le SMUR.",
]  # fmt: skip


@dataclass
class Planted:
    """One answer with the identifiers planted in it."""

    text: str
    identifiers: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, kind


def _typo(rng: random.Random, value: str, kind: str) -> str:
    """Sometimes misspell or mis-space an identifier the way people do."""
    roll = rng.random()
    if kind == "nom" and roll < 0.2:
        return value.lower()
    if kind in ("telephone", "nir") and roll < 0.25:
        i = rng.randrange(2, max(3, len(value) - 2))
        return value[:i] + " " + value[i:] if value[i - 1] != " " else value[:i] + value[i:]
    if kind == "telephone" and roll < 0.3 and value.startswith("0"):
        return "O" + value[1:]
    if kind == "adresse" and roll < 0.2:
        return value.replace("é", "e").replace("è", "e")
    return value


def _phone(rng: random.Random) -> str:
    digits = "0" + rng.choice("1234567") + "".join(rng.choice("0123456789") for _ in range(8))
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    style = rng.randrange(10)
    if style == 0:
        return " ".join(pairs)
    if style == 1:
        return ".".join(pairs)
    if style == 2:
        return digits
    if style == 3:
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    if style == 4:
        return "+33 (0)" + digits[1] + " " + " ".join(pairs[1:])
    if style == 5:
        return "-".join(pairs)
    if style == 6:
        return f"{digits[:2]} {digits[2:6]} {digits[6:]}"
    if style == 7:
        return "0033 " + digits[1] + " " + " ".join(pairs[1:])
    if style == 8:
        return "+33" + digits[1:]
    return " ".join(pairs[:2]) + "  " + " ".join(pairs[2:])


def _email(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES).lower().replace("ë", "e").replace("é", "e").replace("ï", "i")
    last = rng.choice(SURNAMES).lower().replace(" ", "")
    domain = rng.choice(["gmail.com", "orange.fr", "free.fr", "laposte.net", "wanadoo.fr"])
    style = rng.randrange(6)
    if style == 0:
        return f"{first}.{last}@{domain}"
    if style == 1:
        return f"{first}_{last}{rng.randrange(10, 99)}@{domain}"
    if style == 2:
        return f"{first}.{last} @ {domain}"
    if style == 3:
        return f"{first}.{last}[at]{domain}"
    if style == 4:
        name, tld = domain.rsplit(".", 1)
        return f"{last} @ {name} . {tld}"
    return f"{first}{last}@{domain}"


def _nir(rng: random.Random) -> str:
    dept = rng.choice(["75", "69", "2A", "2B", "13", "35", "97"])
    parts = [
        rng.choice("12"),
        f"{rng.randrange(30, 99):02d}",
        f"{rng.randrange(1, 13):02d}",
        dept,
        f"{rng.randrange(1, 999):03d}",
        f"{rng.randrange(1, 999):03d}",
    ]
    if rng.random() < 0.8:
        parts.append(f"{rng.randrange(1, 97):02d}")
    return "".join(parts) if rng.random() < 0.25 else " ".join(parts)


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]  # fmt: skip


def _birth_date(rng: random.Random) -> str:
    day, month, year = rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1930, 2005)
    style = rng.randrange(5)
    if style == 0:
        return f"{day:02d}/{month:02d}/{year}"
    if style == 1:
        return f"{day} {MONTHS[month - 1]} {year}"
    if style == 2:
        return f"{day:02d}.{month:02d}.{year % 100:02d}"
    if style == 3:
        return f"{day:02d}-{month:02d}-{year}"
    return f"1er {MONTHS[month - 1]} {year}"


def _address(rng: random.Random) -> str:
    kind, name = rng.choice(STREETS)
    number = f"{rng.randrange(1, 120)}{rng.choice(['', '', '', ' bis'])}"
    town = f" {rng.choice(TOWNS)}" if rng.random() < 0.4 else ""
    return f"{number} {kind} {name}{town}"


def _fill(rng: random.Random, template: str, values: dict[str, tuple[str, str]]) -> Planted:
    """Fill ``template`` placeholders, recording the spans of identifier values."""
    text, spans, pos = "", [], 0
    while True:
        start = template.find("{", pos)
        if start < 0:
            text += template[pos:]
            break
        end = template.index("}", start)
        text += template[pos:start]
        value, kind = values[template[start + 1 : end]]
        spans.append((len(text), len(text) + len(value), kind))
        text += value
        pos = end + 1
    return Planted(text=text, identifiers=spans)


def generate(seed: int = 20261123, per_kind: int = 60, ordinary: int = 180) -> list[Planted]:
    """The corpus: ``per_kind`` answers per identifier kind plus ``ordinary`` plain answers."""
    rng = random.Random(seed)
    corpus: list[Planted] = []
    makers = {
        "telephone": (PHONE_TEMPLATES, _phone),
        "email": (EMAIL_TEMPLATES, _email),
        "nir": (NIR_TEMPLATES, _nir),
        "date": (DATE_TEMPLATES, _birth_date),
        "adresse": (ADDRESS_TEMPLATES, _address),
    }
    for _ in range(per_kind):
        first, last, last2 = rng.choice(FIRST_NAMES), rng.choice(SURNAMES), rng.choice(SURNAMES)
        values = {
            "first": (_typo(rng, first, "nom"), "nom"),
            "last": (_typo(rng, last, "nom"), "nom"),
            "last2": (last2, "nom"),
            "last_lc": (last.lower(), "nom"),
        }
        corpus.append(_fill(rng, rng.choice(NAME_TEMPLATES), values))
    for kind, (templates, make) in makers.items():
        for _ in range(per_kind):
            value = _typo(rng, make(rng), kind)
            corpus.append(_fill(rng, rng.choice(templates), {"v": (value, kind)}))
    for _ in range(ordinary):
        parts = rng.sample(ORDINARY, k=rng.choice([1, 1, 2, 3]))
        corpus.append(Planted(text=" ".join(parts)))
    rng.shuffle(corpus)
    return corpus
