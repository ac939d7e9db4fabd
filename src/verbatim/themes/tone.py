"""Tone of an idea and of an answer: positive, negative, mixed or neutral.

Three sources, in order of strength: French cue words in the idea (with negation flipping them),
what the question asked for (a "what could be improved" box makes a bare suggestion negative),
and the respondent's closed answers (a low satisfaction score tips a cue-less answer negative).
"""

from __future__ import annotations

TONES = ("positive", "negative", "mixed", "neutral")
TONE_LABELS = {"positive": "positif", "negative": "négatif", "mixed": "mitigé", "neutral": "neutre"}


def idea_tone(
    positive: int,
    negative: int,
    negations: int,
    *,
    polarity: str | None = None,
    satisfaction: float | None = None,
) -> str:
    """Tone of one idea.

    Args:
        positive: Positive cue words (negated negative cues count here).
        negative: Negative cue words (negated positive cues count here).
        negations: Negations that flip no cue ("pas de rendez-vous de suivi": something lacks).
        polarity: What the question asked for: "positive", "negative" or None.
        satisfaction: The respondent's closed answers on a 0..1 scale, when present.

    Returns:
        One of :data:`TONES`.
    """
    negative += negations
    if positive and negative:
        return "mixed" if polarity is None else ("negative" if polarity == "negative" else "mixed")
    if negative:
        return "negative"
    if positive:
        return "positive"
    if polarity in ("positive", "negative"):
        return polarity
    if satisfaction is not None:
        if satisfaction <= 0.4:
            return "negative"
        if satisfaction >= 0.75:
            return "positive"
    return "neutral"


def answer_tone(tones: list[str]) -> str:
    """Tone of an answer from its ideas' tones: both signs make it mixed."""
    signs = {t for t in tones if t != "neutral"}
    if not signs:
        return "neutral"
    if signs == {"positive"}:
        return "positive"
    if signs == {"negative"}:
        return "negative"
    return "mixed"
