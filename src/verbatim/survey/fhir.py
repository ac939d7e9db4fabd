"""HL7 FHIR R4 Questionnaire in and out (the subset Verbatim needs).

A Verbatim question maps to one FHIR item. What FHIR cannot say (the exact kind, the polarity of a
free-text box, its help text) travels in extensions with ``urn:verbatim:fhir:*`` URIs, so a round
trip is exact; a foreign Questionnaire without them still imports by its FHIR item types.
QuestionnaireResponse in and out lives in :mod:`verbatim.survey.fhir_responses`; both are
re-exported here.

Every function takes a keyword ``actor``: reading a Questionnaire in needs
``manage_questionnaires``, reading responses in needs ``import_data``, writing either out needs
``export_data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sqlmodel import Session

from verbatim.db.tables import (
    Question,
    QuestionCreate,
    Questionnaire,
    QuestionnaireCreate,
    QuestionnaireVersion,
)
from verbatim.errors import Msg, VerbatimError
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey import kinds
from verbatim.survey import questionnaires as qsvc
from verbatim.survey.fhir_common import canonical_url, extensions, parse_resource, slug_from_url
from verbatim.survey.fhir_responses import responses_from_fhir, responses_to_fhir

EXT_KIND = "urn:verbatim:fhir:question-kind"
EXT_POLARITY = "urn:verbatim:fhir:polarity"
EXT_HELP = "urn:verbatim:fhir:help-text"
EXT_TEMPLATE = "urn:verbatim:fhir:template"
EXT_MIN = "http://hl7.org/fhir/StructureDefinition/minValue"
EXT_MAX = "http://hl7.org/fhir/StructureDefinition/maxValue"

STATUS_TO_FHIR = {"draft": "draft", "published": "active", "archived": "retired"}
KIND_TO_TYPE = {
    kinds.SINGLE_CHOICE: "choice",
    kinds.MULTIPLE_CHOICE: "choice",
    kinds.LIKERT5: "choice",
    kinds.SCALE10: "integer",
    kinds.YES_NO: "boolean",
    kinds.SHORT_TEXT: "string",
    kinds.LONG_TEXT: "text",
}
# FHIR item types a foreign questionnaire may use, and the kind they become (integer is special)
_TYPE_TO_KIND = {
    "boolean": kinds.YES_NO,
    "string": kinds.SHORT_TEXT,
    "text": kinds.LONG_TEXT,
    "date": kinds.SHORT_TEXT,
    "dateTime": kinds.SHORT_TEXT,
    "time": kinds.SHORT_TEXT,
    "url": kinds.SHORT_TEXT,
    "decimal": kinds.SHORT_TEXT,
}
_OPERATORS = ("=", "!=", "exists")
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")

__all__ = [
    "questionnaire_from_fhir",
    "questionnaire_to_fhir",
    "responses_from_fhir",
    "responses_to_fhir",
]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _where(link_id: str) -> str:
    return f"élément « {link_id} »"


# --- out ---------------------------------------------------------------------------------------


@requires(Permission.EXPORT_DATA)
def questionnaire_to_fhir(
    session: Session, *, actor: Principal, questionnaire_id: int, version_id: int | None = None
) -> dict[str, Any]:
    """A questionnaire version as a FHIR R4 Questionnaire resource.

    Args:
        session: Open session.
        actor: Who exports (needs ``export_data``).
        questionnaire_id: The questionnaire.
        version_id: The version to export; the published one (else the newest) when omitted.

    Returns:
        The resource, ready for ``json.dumps``.

    Raises:
        PermissionDenied: ``actor`` may not export data.
        VerbatimError: The questionnaire does not exist.
    """
    questionnaire = session.get(Questionnaire, questionnaire_id)
    if questionnaire is None:
        raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=questionnaire_id))
    version = session.get(QuestionnaireVersion, version_id) if version_id is not None else None
    if version is None or version.questionnaire_id != questionnaire_id:
        version = qsvc.current_version(session, questionnaire_id=questionnaire_id)
    questions = qsvc.questions_of(session, version_id=version.id)
    by_link = {q.link_id: q for q in questions}
    resource: dict[str, Any] = {"resourceType": "Questionnaire"}
    if _FHIR_ID.match(questionnaire.slug):
        resource["id"] = questionnaire.slug
    if questionnaire.template:
        resource["extension"] = [{"url": EXT_TEMPLATE, "valueString": questionnaire.template}]
    resource |= {
        "url": canonical_url(questionnaire.slug),
        "version": str(version.number),
        "title": questionnaire.title,
        "status": STATUS_TO_FHIR.get(version.status, "draft"),
    }
    if version.published_at is not None:
        resource["date"] = version.published_at.isoformat()
    if questionnaire.description:
        resource["description"] = questionnaire.description
    resource["item"] = [_item_to_fhir(q, by_link) for q in questions]
    return resource


def _item_to_fhir(q: Question, by_link: dict[str, Question]) -> dict[str, Any]:
    ext: list[dict[str, Any]] = [{"url": EXT_KIND, "valueCode": q.kind}]
    if q.polarity:
        ext.append({"url": EXT_POLARITY, "valueCode": q.polarity})
    if q.help_text:
        ext.append({"url": EXT_HELP, "valueString": q.help_text})
    if q.kind == kinds.SCALE10:
        ext += [{"url": EXT_MIN, "valueInteger": 0}, {"url": EXT_MAX, "valueInteger": 10}]
    item: dict[str, Any] = {
        "extension": ext,
        "linkId": q.link_id,
        "text": q.text,
        "type": KIND_TO_TYPE[q.kind],
        "required": bool(q.required),
    }
    if q.kind == kinds.MULTIPLE_CHOICE:
        item["repeats"] = True
    if q.kind in kinds.CHOICE_KINDS or q.kind == kinds.LIKERT5:
        item["answerOption"] = [
            {"valueCoding": {"code": str(o["value"]), "display": str(o["label"])}}
            for o in kinds.options_for(q.kind, q.options)
        ]
    if q.show_if:
        item["enableWhen"] = [_enable_when(q.show_if, by_link.get(q.show_if.get("question", "")))]
        item["enableBehavior"] = "all"
    if q.max_length and q.kind in kinds.TEXT_KINDS:
        item["maxLength"] = q.max_length
    return item


def _enable_when(show_if: dict[str, Any], source: Question | None) -> dict[str, Any]:
    operator = show_if.get("operator", "=")
    cond: dict[str, Any] = {"question": show_if["question"], "operator": operator}
    value = show_if.get("value")
    kind = source.kind if source else None
    if operator == "exists":
        cond["answerBoolean"] = True
    elif kind == kinds.YES_NO:
        cond["answerBoolean"] = str(value).strip().casefold() in {"oui", "true", "1"}
    elif kind == kinds.SCALE10:
        cond["answerInteger"] = int(float(value))
    elif kind in kinds.CHOICE_KINDS or kind == kinds.LIKERT5:
        code = str(int(float(value))) if kind == kinds.LIKERT5 else str(value)
        cond["answerCoding"] = {"code": code}
    else:
        cond["answerString"] = str(value)
    return cond


# --- in ----------------------------------------------------------------------------------------


@requires(Permission.MANAGE_QUESTIONNAIRES)
def questionnaire_from_fhir(
    session: Session,
    *,
    actor: Principal,
    resource: Mapping[str, Any] | str | bytes,
    slug: str | None = None,
    publish: bool = False,
) -> Questionnaire:
    """Create a questionnaire from a FHIR R4 Questionnaire resource.

    Group items are flattened (their children keep the group's condition when they have none);
    display items are skipped. Without Verbatim's extensions, FHIR types choose the kind: choice →
    single or multiple choice (by ``repeats``), boolean → yes/no, integer from 0 to 10 → scale,
    text → free text, string/date/other integers → short text.

    Args:
        session: Open session (write transaction).
        actor: Who imports it (needs ``manage_questionnaires``).
        resource: The resource, as JSON text, bytes or a parsed dict.
        slug: Slug for the new questionnaire; from the resource's url, name or title when omitted.
        publish: Publish version 1 at once.

    Returns:
        The new questionnaire.

    Raises:
        PermissionDenied: ``actor`` may not manage questionnaires; nothing is written.
        VerbatimError: Not JSON, not a Questionnaire, a required field is missing, or an item type
            or condition is not supported. Nothing is written.
    """
    data = parse_resource(resource, expected=("Questionnaire",))
    title = _text(data.get("title")) or _text(data.get("name"))
    if not title:
        raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="title", where="Questionnaire"))
    items = data.get("item")
    if not isinstance(items, list) or not items:
        raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="item", where="Questionnaire"))
    questions: list[QuestionCreate] = []
    known: dict[str, str] = {}
    for item, inherited in _flatten(items, inherited=None, where="Questionnaire"):
        question = _question_from_item(item, inherited=inherited, known=known)
        questions.append(question)
        known[question.link_id] = question.kind
    base = slug or qsvc.unique_slug(session, base=_slug_base(data, title))
    template = extensions(data).get(EXT_TEMPLATE)
    create = QuestionnaireCreate(
        slug=base,
        title=title[:300],
        description=_text(data.get("description"))[:4000],
        template=template if isinstance(template, str) else None,
    )
    return qsvc.store_questionnaire(session, data=create, questions=questions, publish=publish)


def _slug_base(data: Mapping[str, Any], title: str) -> str:
    for key in ("url", "name", "id"):
        value = _text(data.get(key))
        if value:
            slug = slug_from_url(value) if key == "url" else qsvc.slugify(value)
            if slug and slug != "questionnaire":
                return slug
    return qsvc.slugify(title)


def _flatten(
    items: list[Any], *, inherited: list[Any] | None, where: str
) -> Iterator[tuple[dict[str, Any], list[Any] | None]]:
    """Answerable items in order, each with the enableWhen of its enclosing group."""
    for index, item in enumerate(items, start=1):
        place = f"élément n° {index} de {where}"
        if not isinstance(item, Mapping):
            raise VerbatimError(Msg.FHIR_BAD_VALUE.format(field="item", where=place))
        link_id = _text(item.get("linkId"))
        if not link_id:
            raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="linkId", where=place))
        ftype = item.get("type")
        if not ftype:
            raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="type", where=_where(link_id)))
        if ftype == "display":
            continue
        if ftype == "group":
            group_condition = item.get("enableWhen") or inherited
            yield from _flatten(
                list(item.get("item") or []),
                inherited=group_condition,
                where=f"groupe « {link_id} »",
            )
            continue
        yield dict(item), inherited


def _question_from_item(
    item: dict[str, Any], *, inherited: list[Any] | None, known: dict[str, str]
) -> QuestionCreate:
    link_id = _text(item["linkId"])
    text = _text(item.get("text"))
    if not text:
        raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="text", where=_where(link_id)))
    if len(link_id) > 80:
        raise VerbatimError(Msg.FHIR_BAD_VALUE.format(field="linkId", where=_where(link_id[:40])))
    if len(text) > 2000:
        raise VerbatimError(Msg.FHIR_BAD_VALUE.format(field="text", where=_where(link_id)))
    ext = extensions(item)
    kind = ext.get(EXT_KIND) if ext.get(EXT_KIND) in kinds.KINDS else _kind_for(item, ext)
    polarity = ext.get(EXT_POLARITY) if ext.get(EXT_POLARITY) in ("positive", "negative") else None
    max_length = item.get("maxLength")
    return QuestionCreate(
        link_id=link_id,
        text=text,
        kind=kind,
        required=item.get("required") is True,
        help_text=_text(ext.get(EXT_HELP))[:2000],
        options=_options(item, kind),
        show_if=_show_if(item.get("enableWhen") or inherited, link_id=link_id, known=known),
        polarity=polarity if kind in kinds.TEXT_KINDS else None,
        max_length=max_length if isinstance(max_length, int) and kind in kinds.TEXT_KINDS else None,
    )


def _kind_for(item: Mapping[str, Any], ext: Mapping[str, Any]) -> str:
    ftype = item.get("type")
    if ftype in ("choice", "open-choice"):
        return kinds.MULTIPLE_CHOICE if item.get("repeats") is True else kinds.SINGLE_CHOICE
    if ftype == "integer":
        return (
            kinds.SCALE10 if (ext.get(EXT_MIN), ext.get(EXT_MAX)) == (0, 10) else kinds.SHORT_TEXT
        )
    if ftype in _TYPE_TO_KIND:
        return _TYPE_TO_KIND[ftype]
    raise VerbatimError(Msg.FHIR_UNSUPPORTED_TYPE.format(link_id=item["linkId"], type=ftype))


def _options(item: Mapping[str, Any], kind: str) -> list[dict[str, Any]] | None:
    if kind not in kinds.CHOICE_KINDS and kind != kinds.LIKERT5:
        return None
    link_id = item["linkId"]
    raw = item.get("answerOption")
    if not isinstance(raw, list) or not raw:
        if kind == kinds.LIKERT5:
            return None
        raise VerbatimError(
            Msg.FHIR_MISSING_FIELD.format(field="answerOption", where=_where(link_id))
        )
    options = []
    for option in raw:
        value = label = None
        if isinstance(option, Mapping):
            coding = option.get("valueCoding")
            if isinstance(coding, Mapping):
                value = _text(coding.get("code")) or _text(coding.get("display"))
                label = _text(coding.get("display")) or value
            else:
                found = next((v for k, v in option.items() if k.startswith("value")), None)
                if isinstance(found, str | int | float) and not isinstance(found, bool):
                    value = label = str(found).strip()
        if not value:
            raise VerbatimError(
                Msg.FHIR_BAD_VALUE.format(field="answerOption", where=_where(link_id))
            )
        options.append({"value": value, "label": label})
    if kind == kinds.LIKERT5:
        labels = [o["label"] for o in options]
        if len(labels) != 5 or labels == kinds.LIKERT_LABELS:
            return None
        return [{"value": i + 1, "label": label} for i, label in enumerate(labels)]
    return options


def _show_if(
    conditions: list[Any] | None, *, link_id: str, known: dict[str, str]
) -> dict[str, Any] | None:
    # A Verbatim question holds one condition: the first enableWhen is kept.
    if not conditions:
        return None
    cond = conditions[0] if isinstance(conditions, list) else None
    if not isinstance(cond, Mapping) or not _text(cond.get("question")):
        raise VerbatimError(
            Msg.FHIR_MISSING_FIELD.format(field="enableWhen.question", where=_where(link_id))
        )
    source = _text(cond["question"])
    if source not in known:
        raise VerbatimError(
            Msg.FHIR_BAD_VALUE.format(field="enableWhen.question", where=_where(link_id))
        )
    operator = cond.get("operator")
    if operator not in _OPERATORS:
        raise VerbatimError(
            Msg.FHIR_UNSUPPORTED_OPERATOR.format(link_id=link_id, operator=operator)
        )
    if operator == "exists":
        if cond.get("answerBoolean") is False:
            raise VerbatimError(
                Msg.FHIR_UNSUPPORTED_OPERATOR.format(link_id=link_id, operator="exists = false")
            )
        return {"question": source, "operator": "exists"}
    key = next((k for k in cond if k.startswith("answer")), None)
    if key is None:
        raise VerbatimError(
            Msg.FHIR_MISSING_FIELD.format(field="enableWhen.answer[x]", where=_where(link_id))
        )
    raw = cond[key]
    if key == "answerCoding" and isinstance(raw, Mapping):
        value: Any = _text(raw.get("code")) or _text(raw.get("display"))
    elif key == "answerBoolean":
        value = "oui" if raw is True else "non"
    else:
        value = raw
    if known[source] in kinds.NUMBER_KINDS:
        try:
            value = int(float(value))
        except (TypeError, ValueError):
            raise VerbatimError(
                Msg.FHIR_BAD_VALUE.format(field=f"enableWhen.{key}", where=_where(link_id))
            ) from None
    return {"question": source, "operator": operator, "value": value}
