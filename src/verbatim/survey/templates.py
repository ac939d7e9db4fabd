"""The shipped questionnaire templates: YAML data files a coordinator could read and edit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from verbatim.db.tables import QuestionCreate
from verbatim.errors import Msg, VerbatimError

TEMPLATES_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class TemplateSpec:
    """A template as read from its file."""

    name: str
    slug: str
    title: str
    description: str
    questions: list[QuestionCreate]


def list_templates() -> list[TemplateSpec]:
    """Every shipped template, in file-name order."""
    return [load_template(path.stem) for path in sorted(TEMPLATES_DIR.glob("*.yaml"))]


def load_template(name: str) -> TemplateSpec:
    """Read one template.

    Raises:
        VerbatimError: No template has this name.
    """
    path = TEMPLATES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise VerbatimError(Msg.UNKNOWN_TEMPLATE.format(name=name))
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return TemplateSpec(
        name=name,
        slug=raw["slug"],
        title=raw["title"],
        description=raw.get("description", ""),
        questions=[QuestionCreate.model_validate(q) for q in raw["questions"]],
    )
