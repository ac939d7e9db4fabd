"""Charts of closed answers: counts and French labels read back from the figures."""

from __future__ import annotations

import itertools

import pytest

from verbatim.output import charts
from verbatim.survey import kinds
from verbatim.survey.responses import OptionCount, QuestionSummary


def _summary(kind: str, text: str, counts: dict, options: list[dict] | None = None):
    opts = kinds.options_for(kind, options)
    listed = [OptionCount(o["value"], o["label"], counts.get(o["value"], 0)) for o in opts]
    answered = sum(counts.values())
    return QuestionSummary(
        link_id=text[:8], text=text, kind=kind, options=listed, answered=answered
    )


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_likert_bars_carry_counts_and_percentages():
    acces = _summary(
        "likert5", "Avez-vous eu facilement un rendez-vous ?", {1: 2, 2: 2, 4: 4, 5: 2}
    )
    accueil = _summary("likert5", "Accueil au secrétariat", {3: 1, 5: 3})
    yes_no = _summary("yes_no", "Ordonnance ?", {"oui": 3})
    fig = charts.likert_stacked_bars([acces, yes_no, accueil])
    assert [t.name for t in fig.data] == kinds.LIKERT_LABELS
    assert all(t.orientation == "h" for t in fig.data)
    assert fig.layout.barmode == "stack"
    # one bar per Likert question, in the given order; the yes/no question is not drawn
    assert len(fig.data[0].y) == 2
    assert fig.data[0].y[0].startswith("Avez-vous eu facilement") and "n = 10" in fig.data[0].y[0]
    assert "n = 4" in fig.data[0].y[1]
    counts = [[t.customdata[i][0] for t in fig.data] for i in range(2)]
    assert counts == [[2, 2, 0, 4, 2], [0, 0, 1, 0, 3]]
    assert [t.x[0] for t in fig.data] == pytest.approx([20, 20, 0, 40, 20])
    assert sum(t.x[1] for t in fig.data) == pytest.approx(100)
    assert "réponse(s) sur" in fig.data[0].hovertemplate


def test_likert_palette_goes_red_to_green_and_reads_in_grey():
    fig = charts.likert_stacked_bars([_summary("likert5", "Q", {1: 1, 2: 1, 3: 1, 4: 1, 5: 1})])
    colors = [t.marker.color for t in fig.data]
    red_first = int(colors[0][1:3], 16) > int(colors[0][3:5], 16)
    green_last = int(colors[-1][3:5], 16) > int(colors[-1][1:3], 16)
    assert red_first and green_last
    lum = [_luminance(c) for c in colors]
    for a, b in itertools.pairwise(lum):  # neighbours differ in grey (contrast ≥ 1.4)
        assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 1.4
    # both ends are dark: the unfavourable side is hatched so they differ without colour
    assert fig.data[0].marker.pattern.shape and not fig.data[4].marker.pattern.shape


def test_scale_distribution_colours_groups_and_gives_the_nps():
    reco = _summary(
        "scale10", "Recommanderiez-vous la maison de santé ?", {0: 1, 5: 1, 7: 2, 9: 3, 10: 1}
    )
    fig = charts.scale_distribution(reco)
    names = [t.name for t in fig.data]
    assert names == ["Détracteurs (0 à 6)", "Passifs (7 et 8)", "Promoteurs (9 et 10)"]
    assert list(fig.data[0].x) == [0, 1, 2, 3, 4, 5, 6]
    assert list(fig.data[0].y) == [1, 0, 0, 0, 0, 1, 0]
    assert list(fig.data[1].y) == [2, 0] and list(fig.data[2].y) == [3, 1]
    # 4 promoters and 2 detractors out of 8: NPS = (4 - 2) / 8 = +25
    assert charts.nps(reco) == 25
    assert "NPS : +25" in fig.layout.title.text and "8 réponses" in fig.layout.title.text
    assert len({t.marker.color for t in fig.data}) == 3
    low = _summary("scale10", "Note", {2: 3, 8: 1})
    assert "NPS : -75" in charts.scale_distribution(low).layout.title.text


def test_choice_bars_show_labels_counts_and_shares():
    ways = _summary(
        "multiple_choice",
        "Comment avez-vous pris rendez-vous ?",
        {"telephone": 3, "internet": 2},
        options=[
            {"value": "telephone", "label": "Par téléphone"},
            {"value": "internet", "label": "Par internet"},
            {"value": "sur_place", "label": "Sur place"},
        ],
    )
    ways = QuestionSummary(ways.link_id, ways.text, ways.kind, ways.options, answered=4)
    fig = charts.choice_bars(ways)
    bar = fig.data[0]
    assert list(bar.y) == ["Par téléphone", "Par internet", "Sur place"]
    assert list(bar.x) == [3, 2, 0]
    assert list(bar.customdata) == pytest.approx([75, 50, 0])
    assert bar.text[0] == "3 (75 %)"
    assert "plusieurs réponses possibles" in fig.layout.title.text
    yes_no = charts.choice_bars(_summary("yes_no", "Ordonnance ?", {"oui": 3, "non": 1}))
    assert list(yes_no.data[0].y) == ["Oui", "Non"] and list(yes_no.data[0].x) == [3, 1]
    assert "plusieurs" not in yes_no.layout.title.text


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.likert_stacked_bars([]),
        lambda: charts.likert_stacked_bars(None),
        lambda: charts.likert_stacked_bars([_summary("likert5", "Q", {})]),
        lambda: charts.scale_distribution(None),
        lambda: charts.scale_distribution(_summary("scale10", "Note", {})),
        lambda: charts.choice_bars(None),
        lambda: charts.choice_bars(_summary("yes_no", "Ordonnance ?", {})),
    ],
)
def test_empty_input_says_aucune_reponse(make):
    fig = make()
    assert len(fig.data) == 0
    assert _annotations(fig) == ["Aucune réponse"]
    assert fig.to_json()  # serialisable: the page can draw it
