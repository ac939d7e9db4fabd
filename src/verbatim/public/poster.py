"""The A4 poster of "Vous nous avez dit, nous avons fait", for the waiting-room wall.

:func:`poster_html` writes a print-ready page (``@page { size: A4 }``, large type, no image, no
script); :func:`poster_pdf` turns it into a PDF with WeasyPrint (imported only there: it is slow to
import). The poster shows the same items as the waiting-room screen (:mod:`verbatim.public.board`).
"""

from __future__ import annotations

import html
from datetime import date

from verbatim.privacy.settings import small_count_threshold
from verbatim.public.board import PublicItem, month_year

TITLE = "Vous nous avez dit, nous avons fait"
INTRO = (
    "Vous avez répondu à nos questionnaires. L'équipe a lu vos réponses avec des patients "
    "partenaires et voici ce que nous avons décidé."
)
EMPTY = "Les premières décisions de l'équipe seront affichées ici."
FOOTER = (
    "Les réponses sont anonymes : aucune réponse n'est affichée, et un nombre de patients "
    "inférieur à {limit} est indiqué « moins de {limit} »."
)

CSS = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; }
body { margin: 0; font-size: 14pt; line-height: 1.35; }
h1 { font-size: 28pt; line-height: 1.15; margin: 0 0 6mm 0; color: #0b3d5c; }
p.intro { font-size: 15pt; margin: 0 0 8mm 0; }
p.place { font-size: 13pt; margin: -4mm 0 6mm 0; color: #444; }
article { border-left: 3mm solid #0b6e4f; padding: 2mm 0 2mm 5mm; margin: 0 0 7mm 0;
          break-inside: avoid; }
article.watch { border-left-color: #8a5a00; }
article.no_follow_up { border-left-color: #555; }
h2 { font-size: 19pt; margin: 0 0 1mm 0; }
p.kind { font-size: 13pt; font-weight: bold; margin: 0 0 1.5mm 0; text-transform: uppercase;
         letter-spacing: 0.04em; color: #0b6e4f; }
article.watch p.kind { color: #8a5a00; }
article.no_follow_up p.kind { color: #444; }
p.text { font-size: 15pt; margin: 0 0 1.5mm 0; }
p.meta { font-size: 12pt; margin: 0; color: #333; }
footer { font-size: 10.5pt; color: #444; margin-top: 8mm; border-top: 0.3mm solid #999;
         padding-top: 2mm; }
"""


def footer() -> str:
    """The privacy note under the board (with the small-count threshold in force)."""
    return FOOTER.format(limit=small_count_threshold())


def item_html(item: PublicItem, *, tag: str = "article", css_class: str = "") -> str:
    """One decision as a block of escaped HTML (the theme as a level-2 heading).

    Args:
        item: The decision.
        tag: The block's element (the waiting-room screen uses ``section``).
        css_class: Class written before the decision's kind, e.g. ``"public-item "``.
    """
    meta = [m for m in (item.patients_sentence, item.due) if m]
    meta_html = f'<p class="meta">{html.escape(" · ".join(meta))}</p>' if meta else ""
    return (
        f'<{tag} class="{css_class}{html.escape(item.kind)}">'
        f"<h2>{html.escape(item.theme)}</h2>"
        f'<p class="kind">{html.escape(item.kind_label)}</p>'
        f'<p class="text">{html.escape(item.text)}</p>'
        f"{meta_html}</{tag}>"
    )


def poster_html(
    items: list[PublicItem], *, place: str | None = None, printed_on: date | None = None
) -> str:
    """The poster as a standalone, print-ready HTML page (A4, French).

    Args:
        items: What to show (:func:`verbatim.public.board.public_board`).
        place: The practice's name, shown under the title, if given.
        printed_on: The date printed in the footer (today when omitted).

    Returns:
        The HTML page.
    """
    printed_on = printed_on or date.today()
    body = "".join(item_html(i) for i in items) or f'<p class="text">{html.escape(EMPTY)}</p>'
    place_html = f'<p class="place">{html.escape(place)}</p>' if place else ""
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(TITLE)}</title><style>{CSS}</style></head><body>"
        f"<h1>{html.escape(TITLE)}</h1>{place_html}"
        f'<p class="intro">{html.escape(INTRO)}</p>{body}'
        f"<footer>{html.escape(footer())} Affiche du {printed_on.day} "
        f"{html.escape(month_year(printed_on))}.</footer></body></html>"
    )


def poster_pdf(
    items: list[PublicItem], *, place: str | None = None, printed_on: date | None = None
) -> bytes:
    """The poster as an A4 PDF (WeasyPrint).

    Args:
        items: What to show.
        place: The practice's name, if given.
        printed_on: The date printed in the footer (today when omitted).

    Returns:
        The PDF's bytes.
    """
    import weasyprint

    page = poster_html(items, place=place, printed_on=printed_on)
    return weasyprint.HTML(string=page).write_pdf()
