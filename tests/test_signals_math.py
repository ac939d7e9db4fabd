"""Weak-signal arithmetic: emergence maps, bursts, the severity lexicon."""

from __future__ import annotations

import numpy as np
import pytest

from verbatim.signals.bursts import burst_test
from verbatim.signals.emergence import LATENT, STRONG, WEAK, WELL_KNOWN, degrees, emergence_map
from verbatim.signals.serious import find_serious, score_answer


def test_older_periods_weigh_less_in_yoon_degrees():
    # same share of documents in every period: the degree grows only through the time weight
    deg = degrees([10, 10, 10], [100, 100, 100], time_weight=0.05)
    assert deg == pytest.approx([0.09, 0.095, 0.1])


def test_emergence_map_names_the_four_quadrants():
    docs = [100] * 6
    points = emergence_map(
        {
            "rare et montant": [0, 0, 0, 1, 2, 4],
            "fréquent et montant": [5, 8, 12, 18, 25, 35],
            "fréquent et stable": [30, 30, 30, 30, 30, 30],
            "rare et stable": [1, 1, 1, 1, 1, 1],
        },
        docs,
    )
    quadrant = {p.subject: p.quadrant for p in points}
    assert quadrant == {
        "rare et montant": WEAK,
        "fréquent et montant": STRONG,
        "fréquent et stable": WELL_KNOWN,
        "rare et stable": LATENT,
    }
    assert points[0].subject == "rare et montant"  # weak signals come first
    assert points[0].quadrant_label == "Signal faible"


def test_a_jump_from_about_one_a_month_to_six_is_a_burst():
    result = burst_test([1, 0, 1, 2, 1, 0, 6], [80, 75, 90, 85, 80, 70, 82])
    assert result.is_burst
    assert result.latest == 6
    assert result.baseline_mean == pytest.approx(5 / 6)


@pytest.mark.parametrize(
    "counts", [[0, 0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1, 2], [0, 0, 0, 0, 0, 0, 2]]
)
def test_small_counts_are_never_a_burst(counts):
    assert not burst_test(counts).is_burst


def test_more_answers_in_the_latest_month_is_not_a_burst_by_itself():
    # four times the usual number of answers and four times the mentions: same share
    assert not burst_test([2, 2, 2, 2, 2, 2, 8], [50, 50, 50, 50, 50, 50, 200]).is_burst


def test_false_bursts_stay_rare_on_corpora_without_change():
    rng = np.random.default_rng(20121)
    tests = false = 0
    for _ in range(100):
        docs = rng.integers(60, 120, size=12)
        for rate in (0.01, 0.03, 0.08, 0.15, 0.3):  # themes from rare to frequent
            counts = rng.binomial(docs, rate)
            tests += 1
            false += burst_test(list(counts), list(docs)).is_burst
    assert false / tests < 0.05


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Rentrée chez moi sans ordonance, personne ne m'a rappelé", "sans ordonnance"),
        ("Mon médecin n'a jamais reçu le compte rendu", "pas de compte rendu"),
        ("je suis tombée dans la salle de bain le lendemain", "chute"),
        ("PERSONNE NE M A RAPPELE apres la sortie", "personne ne m'a rappelé"),
        ("douleurs pas soulagées pendant 3 jours", "douleur non soulagée"),
        ("le courrier de sortie n'est jamais arrivé chez mon médecin", "pas de compte rendu"),
        ("Personne ne passait me voir après la sortie", "personne ne m'a rappelé"),
        ("Pas eu de compte-rendu envoyé au médecin", "pas de compte rendu"),
    ],
)
def test_serious_words_are_found_despite_typos_and_case(text, label):
    assert label in [hit.label for hit in find_serious(text)]


@pytest.mark.parametrize(
    "text",
    [
        "aucune chute depuis mon retour",
        "pas de chute, tout va bien",
        "jamais eu d'erreur de médicament",
        "je n'ai pas eu de complication",
        "très bien accueillie, rendez-vous rapide",
        "Pas de souci avec l'ordonnance ni avec le courrier.",
        "On n'attend pas, aussi le courrier de sortie est arrivé vite.",
        "La secrétaire ne m'a pas laissé expliquer + l'ordonnance est arrivée par mail.",
        "On tombe toujours sur le répondeur.",
        "Pas eu besoin de rappeler l'hôpital !",
        "Mon fils avait 39 de fièvre, on nous a pris l'après-midi même.",
    ],
)
def test_negated_or_ordinary_answers_do_not_trigger(text):
    assert find_serious(text) == []


def test_a_flag_says_which_words_triggered_it():
    flag = score_answer("sortie sans ordonnance", tone="negative", theme_size=2)
    assert flag is not None
    assert "« sans ordonnance »" in flag.reason
    assert "ton négatif" in flag.reason


def test_a_lighter_entry_needs_a_negative_tone_or_a_rare_theme():
    text = "j'ai dû aller aux urgences"
    assert score_answer(text, tone="positive", theme_size=50) is None
    assert score_answer(text, tone="negative", theme_size=50) is not None


def _doc(i, when, text, themes=(), tone="negative", terms=(), site="MSP A"):
    from verbatim.signals.detect import SignalDoc

    return SignalDoc(
        answer_id=i,
        response_id=i,
        submitted_at=when,
        text=text,
        themes=tuple(themes),
        terms=tuple(terms),
        tone=tone,
        primary_theme_size=40,
        site=site,
    )


def _month(m, day=10):
    from datetime import UTC, datetime

    year, month = divmod(m - 1, 12)
    return datetime(2026 + year, month + 1, day, 10, tzinfo=UTC)


def test_ranked_signals_put_recent_serious_answers_first_with_their_reason():
    from verbatim.signals.detect import SERIOUS, detect_signals

    docs = []
    i = 0
    for m in range(1, 11):  # ten months of ordinary answers
        for k in range(20):
            i += 1
            docs.append(
                _doc(i, _month(m, 1 + k), "attente trop longue", ["Attente"], terms=["attente"])
            )
    for k in range(4):  # the planted problem, in the last two months only
        i += 1
        docs.append(
            _doc(
                i,
                _month(9 + k % 2, 20),
                "rentré sans ordonnance, personne ne m'a rappelé",
                ["Sortie"],
            )
        )
    signals = detect_signals(docs)
    assert signals[0].kind == SERIOUS
    top = {s.subject for s in signals[:2]}
    assert top == {"sans ordonnance", "personne ne m'a rappelé"}
    assert "4 réponses à lire depuis septembre 2026" in signals[0].reason
    assert len(signals[0].answer_ids) == 4
    assert signals[0].kind_label == "Rare mais grave"


def test_a_theme_burst_reads_like_a_sentence():
    from verbatim.signals.detect import BURST, detect_signals

    docs, i = [], 0
    for m in range(1, 8):
        n_conf = 6 if m == 7 else (1 if m % 2 else 0)
        for k in range(60):
            i += 1
            themes = ["Confidentialité"] if k < n_conf else ["Accueil"]
            docs.append(
                _doc(i, _month(m, 1 + k % 27), "on entend tout à l'accueil", themes, tone="neutral")
            )
    bursts = [s for s in detect_signals(docs, terms=False) if s.kind == BURST]
    assert [s.subject for s in bursts] == ["Confidentialité"]
    assert bursts[0].reason == "6 réponses en juillet 2026 contre 0,5 par mois avant"
    assert bursts[0].sparkline == (1, 0, 1, 0, 1, 0, 6)


def test_a_slice_is_compared_with_the_rest():
    from verbatim.signals.detect import detect_signals

    docs = [_doc(i, _month(5, i + 1), "sortie sans ordonnance", ["Sortie"]) for i in range(3)]
    rest = [_doc(10, _month(5, 2), "sans ordonnance encore", ["Sortie"], site="MSP B")]
    top = detect_signals(docs, rest=rest, terms=False)[0]
    assert top.subject == "sans ordonnance"
    assert top.reason.endswith("(ailleurs : 1)")
