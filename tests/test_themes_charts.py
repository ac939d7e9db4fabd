"""Theme charts: pure functions returning Plotly figures with French labels."""

from __future__ import annotations

from verbatim.output import theme_charts


def test_sizes_chart_stacks_tones_with_the_largest_theme_on_top():
    fig = theme_charts.theme_sizes(
        [
            {"label": "Attente", "size": 5, "tones": {"negative": 4, "positive": 1}},
            {"label": "Accueil", "size": 2, "tones": {"positive": 2}},
        ]
    )
    negative = next(t for t in fig.data if t.name == "Négatif")
    assert list(negative.y) == ["Accueil", "Attente"] and list(negative.x) == [0, 4]
    assert fig.layout.barmode == "stack"


def test_month_chart_and_map_draw_every_theme():
    months = theme_charts.themes_by_month({"Attente": {"2026-01": 2, "2026-03": 1}})
    assert list(months.data[0].x) == ["2026-01", "2026-03"]
    points = [
        {"x": 0.1, "y": 0.2, "theme": "Attente", "tone": "negative", "text": "Trop long"},
        {"x": -0.3, "y": 0.1, "theme": "Sans thème", "tone": "neutral", "text": "Bof"},
    ]
    names = {trace.name for trace in theme_charts.answer_map(points).data}
    assert names == {"Attente (1)", "Sans thème (1)"}
