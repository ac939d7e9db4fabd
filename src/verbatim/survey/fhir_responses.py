"""HL7 FHIR R4 QuestionnaireResponse in and out (anonymous: never a subject).

Out: a Bundle (type collection) of QuestionnaireResponse, one per response, holding only the
pseudonymised free text. In: a QuestionnaireResponse or a Bundle of them, checked entirely before
anything is written, stored with channel "import".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from verbatim.db.tables import (
    Answer,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    utcnow,
)
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.submit import PendingResponse, build_response, store_all
from verbatim.review.permissions import Permission, Principal, requires
from verbatim.survey import kinds
from verbatim.survey import questionnaires as qsvc
from verbatim.survey.fhir_common import canonical_url, extensions, parse_resource, slug_from_url

RESPONSE_ID_SYSTEM = "urn:verbatim:response"
EXT_SITE = "urn:verbatim:fhir:site"
EXT_CONTEXT = "urn:verbatim:fhir:context"
EXT_CHANNEL = "urn:verbatim:fhir:channel"
_ID_NAMESPACE = uuid.UUID("6f1c2a55-3c1e-4b1f-9a51-8d0c1e7a9b20")


# --- out ---------------------------------------------------------------------------------------


@requires(Permission.EXPORT_DATA)
def responses_to_fhir(
    session: Session,
    *,
    actor: Principal,
    questionnaire_id: int,
    response_ids: Iterable[int] | None = None,
) -> dict[str, Any]:
    """A questionnaire's responses as a FHIR Bundle (type collection) of QuestionnaireResponse.

    Each response points at its version (``questionnaire`` = canonical URL ``|`` version number),
    has no subject, and carries an identifier so that importing it twice is refused. Site, context
    and collection channel travel in ``urn:verbatim:fhir:*`` extensions.

    Args:
        session: Open session.
        actor: Who exports (needs ``export_data``).
        questionnaire_id: The questionnaire.
        response_ids: Only these responses; all of the questionnaire's when omitted.

    Returns:
        The Bundle, ready for ``json.dumps``.

    Raises:
        PermissionDenied: ``actor`` may not export data.
        VerbatimError: The questionnaire does not exist.
    """
    questionnaire = session.get(Questionnaire, questionnaire_id)
    if questionnaire is None:
        raise VerbatimError(Msg.UNKNOWN_QUESTIONNAIRE.format(slug=questionnaire_id))
    stmt = select(Response).where(Response.questionnaire_id == questionnaire_id)
    answer_stmt = (
        select(Answer)
        .join(Response, Answer.response_id == Response.id)  # type: ignore[arg-type]
        .where(Response.questionnaire_id == questionnaire_id)
    )
    if response_ids is not None:
        wanted = list(response_ids)
        stmt = stmt.where(Response.id.in_(wanted))  # type: ignore[union-attr]
        answer_stmt = answer_stmt.where(Response.id.in_(wanted))  # type: ignore[union-attr]
    responses = list(session.exec(stmt.order_by(Response.submitted_at, Response.id)))
    answers: dict[int, dict[int, Answer]] = {}
    for answer in session.exec(answer_stmt):
        answers.setdefault(answer.response_id, {})[answer.question_id] = answer
    versions = {v.id: v for v in qsvc.versions(session, questionnaire_id=questionnaire_id)}
    questions = {
        vid: qsvc.questions_of(session, version_id=vid) for vid in {r.version_id for r in responses}
    }
    sites = {s.id: s.name for s in qsvc.list_sites(session)}
    entries = [
        {
            "resource": _response_resource(
                response,
                slug=questionnaire.slug,
                version=versions[response.version_id],
                questions=questions[response.version_id],
                answers=answers.get(response.id, {}),
                site=sites.get(response.site_id),
            )
        }
        for response in responses
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": utcnow().isoformat(),
        "entry": entries,
    }


def _response_resource(
    response: Response,
    *,
    slug: str,
    version: QuestionnaireVersion,
    questions: list[Question],
    answers: dict[int, Answer],
    site: str | None,
) -> dict[str, Any]:
    ext: list[dict[str, Any]] = [{"url": EXT_CHANNEL, "valueCode": response.channel}]
    if site:
        ext.append({"url": EXT_SITE, "valueString": site})
    if response.context:
        ext.append({"url": EXT_CONTEXT, "valueString": response.context})
    authored = response.submitted_at
    if authored.tzinfo is None:
        authored = authored.replace(tzinfo=UTC)
    items = []
    for q in questions:
        answer = answers.get(q.id)
        values = _answer_values(q, answer) if answer is not None else []
        if values:
            items.append({"linkId": q.link_id, "text": q.text, "answer": values})
    return {
        "resourceType": "QuestionnaireResponse",
        "extension": ext,
        "language": response.language,
        "identifier": {
            "system": RESPONSE_ID_SYSTEM,
            "value": response.external_id or _stable_id(response, slug=slug),
        },
        "questionnaire": f"{canonical_url(slug)}|{version.number}",
        "status": "completed",
        "authored": authored.astimezone(UTC).isoformat(),
        "item": items,
    }


def _stable_id(response: Response, *, slug: str) -> str:
    # Same value on every export of this response, different from any other database's responses
    # (a CPTS gathers several MSPs' files), so a second import of it is recognised and refused.
    created = response.created_at.replace(tzinfo=None).isoformat()
    return str(uuid.uuid5(_ID_NAMESPACE, f"{slug}|{response.id}|{created}"))


def _answer_values(q: Question, answer: Answer) -> list[dict[str, Any]]:
    labels = {str(o["value"]): str(o["label"]) for o in kinds.options_for(q.kind, q.options)}

    def coding(code: str) -> dict[str, Any]:
        return {"valueCoding": {"code": code, "display": labels.get(code, code)}}

    if q.kind in kinds.TEXT_KINDS:
        return [{"valueString": answer.text}] if answer.text else []
    if q.kind == kinds.MULTIPLE_CHOICE:
        return [coding(str(v)) for v in json.loads(answer.choice or "[]")]
    if q.kind in kinds.NUMBER_KINDS:
        if answer.number is None:
            return []
        if q.kind == kinds.SCALE10:
            return [{"valueInteger": int(answer.number)}]
        return [coding(str(int(answer.number)))]
    if answer.choice is None:
        return []
    if q.kind == kinds.YES_NO:
        return [{"valueBoolean": answer.choice == "oui"}]
    return [coding(answer.choice)]


# --- in ----------------------------------------------------------------------------------------


class _Targets:
    """The questionnaire, version and questions of each canonical URL, and the id of each site
    name, looked up once per import."""

    def __init__(self, session: Session):
        self.session = session
        self._found: dict[str, tuple[Questionnaire, QuestionnaireVersion, list[Question]]] = {}
        self._sites: dict[str, int | None] = {}

    def site_id(self, name: str) -> int | None:
        """The site with this name (created if missing)."""
        if name not in self._sites:
            self._sites[name] = qsvc.get_or_create_site(self.session, name=name).id
        return self._sites[name]

    def resolve(self, canonical: str) -> tuple[Questionnaire, QuestionnaireVersion, list[Question]]:
        if canonical not in self._found:
            self._found[canonical] = self._lookup(canonical)
        return self._found[canonical]

    def _lookup(self, canonical: str) -> tuple[Questionnaire, QuestionnaireVersion, list[Question]]:
        slug = slug_from_url(canonical)
        found = self.session.exec(select(Questionnaire).where(Questionnaire.slug == slug))
        questionnaire = found.first()
        if questionnaire is None:
            raise VerbatimError(Msg.FHIR_UNKNOWN_CANONICAL.format(canonical=canonical))
        number = canonical.partition("|")[2].strip()
        all_versions = qsvc.versions(self.session, questionnaire_id=questionnaire.id)
        version = next((v for v in all_versions if str(v.number) == number), None)
        if version is None:
            version = qsvc.current_version(self.session, questionnaire_id=questionnaire.id)
        return questionnaire, version, qsvc.questions_of(self.session, version_id=version.id)


@requires(Permission.IMPORT_DATA)
def responses_from_fhir(
    session: Session,
    *,
    actor: Principal,
    resource: Mapping[str, Any] | str | bytes,
    site_id: int | None = None,
) -> int:
    """Import QuestionnaireResponse resources (one, or a Bundle of them), all or nothing.

    Each response goes to the questionnaire its canonical URL names (Verbatim's
    ``urn:verbatim:questionnaire:<slug>``, or a foreign URL whose last segment is the slug), to the
    version its ``|number`` names when that version exists, else the published one.

    Args:
        session: Open session (write transaction).
        actor: Who imports (needs ``import_data``).
        resource: The resource, as JSON text, bytes or a parsed dict.
        site_id: Site of every response; otherwise the site named in Verbatim's site extension
            (created if missing), or none.

    Returns:
        How many responses were stored.

    Raises:
        PermissionDenied: ``actor`` may not import data; nothing is written.
        VerbatimError: The file is not valid, a response names an unknown questionnaire or
            question, an answer is not possible, or a response was already imported. The message
            names the response; nothing is written.
    """
    data = parse_resource(resource, expected=("QuestionnaireResponse", "Bundle"))
    if data["resourceType"] == "Bundle":
        entries = data.get("entry") or []
        resources = [e.get("resource") if isinstance(e, Mapping) else None for e in entries]
    else:
        resources = [data]
    targets = _Targets(session)
    pendings: list[PendingResponse] = []
    seen: dict[tuple[int, str], int] = {}
    for index, res in enumerate(resources, start=1):
        try:
            res = parse_resource(res or {}, expected=("QuestionnaireResponse",))
            if res.get("status") == "entered-in-error":
                continue
            pending = _pending(res, targets=targets, site_id=site_id)
            key = (pending.response.questionnaire_id, pending.response.external_id or "")
            if key[1] and (key in seen or _already_imported(session, *key)):
                raise VerbatimError(Msg.FHIR_DUPLICATE_RESPONSE.format(identifier=key[1]))
        except VerbatimError as exc:
            message = Msg.FHIR_IN_RESOURCE.format(index=index, message=str(exc))
            raise VerbatimError(message, row=index, column=exc.column) from None
        seen[key] = index
        pendings.append(pending)
    if not pendings:
        raise VerbatimError(Msg.FHIR_NO_RESPONSES)
    store_all(session, pendings)
    return len(pendings)


def _already_imported(session: Session, questionnaire_id: int, external_id: str) -> bool:
    stmt = select(Response.id).where(
        Response.questionnaire_id == questionnaire_id, Response.external_id == external_id
    )
    return session.exec(stmt).first() is not None


def _pending(res: dict[str, Any], *, targets: _Targets, site_id: int | None) -> PendingResponse:
    canonical = res.get("questionnaire")
    if not isinstance(canonical, str) or not canonical.strip():
        raise VerbatimError(
            Msg.FHIR_MISSING_FIELD.format(field="questionnaire", where="QuestionnaireResponse")
        )
    questionnaire, version, questions = targets.resolve(canonical.strip())
    by_link = {q.link_id: q for q in questions}
    answers: dict[str, Any] = {}
    for item in _items(res.get("item") or []):
        link_id = item.get("linkId")
        if not isinstance(link_id, str) or not link_id:
            raise VerbatimError(Msg.FHIR_MISSING_FIELD.format(field="linkId", where="item"))
        question = by_link.get(link_id)
        if question is None:
            raise VerbatimError(
                Msg.FHIR_UNKNOWN_LINK_ID.format(link_id=link_id, questionnaire=questionnaire.title)
            )
        values = [_value(a, link_id) for a in item.get("answer") or []]
        values = [v for v in values if v is not None]
        if not values:
            continue
        if question.kind != kinds.MULTIPLE_CHOICE and len(values) > 1:
            raise VerbatimError(
                Msg.FHIR_BAD_VALUE.format(field="answer", where=f"élément « {link_id} »")
            )
        answers[link_id] = values if question.kind == kinds.MULTIPLE_CHOICE else values[0]
    ext = extensions(res)
    if site_id is None and isinstance(ext.get(EXT_SITE), str) and ext[EXT_SITE].strip():
        site_id = targets.site_id(ext[EXT_SITE][:200])
    context = ext.get(EXT_CONTEXT)
    language = res.get("language")
    return build_response(
        version=version,
        questions=questions,
        answers=answers,
        channel="import",
        site_id=site_id,
        context=context[:200] if isinstance(context, str) else None,
        external_id=_identifier(res.get("identifier")),
        submitted_at=_authored(res.get("authored")),
        language=language[:10] if isinstance(language, str) and language else "fr",
    )


def _items(items: list[Any]) -> Iterator[dict[str, Any]]:
    """Answer items in order, nested groups and answers' sub-items flattened."""
    for item in items:
        if not isinstance(item, Mapping):
            raise VerbatimError(
                Msg.FHIR_BAD_VALUE.format(field="item", where="QuestionnaireResponse")
            )
        if item.get("answer"):
            yield dict(item)
            for answer in item["answer"]:
                if isinstance(answer, Mapping) and answer.get("item"):
                    yield from _items(list(answer["item"]))
        if item.get("item"):
            yield from _items(list(item["item"]))


def _value(answer: Any, link_id: str) -> Any:
    if not isinstance(answer, Mapping):
        raise VerbatimError(
            Msg.FHIR_BAD_VALUE.format(field="answer", where=f"élément « {link_id} »")
        )
    key = next((k for k in answer if k.startswith("value")), None)
    if key is None:
        return None
    raw = answer[key]
    if key == "valueCoding" and isinstance(raw, Mapping):
        return raw.get("code") or raw.get("display")
    if key == "valueBoolean" and isinstance(raw, bool):
        return "oui" if raw else "non"
    if key in ("valueInteger", "valueDecimal") and isinstance(raw, int | float):
        return raw
    if key in ("valueString", "valueDate", "valueDateTime", "valueTime", "valueUri"):
        return str(raw)
    raise VerbatimError(Msg.FHIR_UNSUPPORTED_TYPE.format(link_id=link_id, type=key))


def _identifier(identifier: Any) -> str | None:
    if isinstance(identifier, list):  # R5 and some R4 servers send a list
        identifier = identifier[0] if identifier else None
    if isinstance(identifier, Mapping) and identifier.get("value"):
        return str(identifier["value"])[:200]
    return None


def _authored(value: Any) -> datetime | None:
    if value is None:
        return None
    text = str(value).strip()
    if len(text) in (4, 7):  # FHIR partial dates: "2025" or "2025-03"
        text = f"{text}-01-01"[:10] if len(text) == 4 else f"{text}-01"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise VerbatimError(
            Msg.FHIR_BAD_VALUE.format(field="authored", where="QuestionnaireResponse")
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
