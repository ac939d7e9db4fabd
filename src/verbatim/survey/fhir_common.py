"""Helpers shared by the FHIR modules: reading a resource, extensions, canonical URLs."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from verbatim.errors import Msg, VerbatimError
from verbatim.survey.questionnaires import slugify

CANONICAL_PREFIX = "urn:verbatim:questionnaire:"


def parse_resource(resource: Mapping[str, Any] | str | bytes, *, expected: tuple[str, ...]) -> dict:
    """Read a FHIR JSON resource given as text, bytes or an already parsed mapping.

    Args:
        resource: The resource.
        expected: The resource types accepted.

    Returns:
        The resource as a dict.

    Raises:
        VerbatimError: The text is not JSON, or the resource is not of an expected type.
    """
    if isinstance(resource, bytes):
        try:
            resource = resource.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            row = resource[: exc.start].count(b"\n") + 1
            raise VerbatimError(Msg.FHIR_NOT_JSON.format(row=row, col=1)) from None
    if isinstance(resource, str):
        try:
            resource = json.loads(resource.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            raise VerbatimError(Msg.FHIR_NOT_JSON.format(row=exc.lineno, col=exc.colno)) from None
    wanted = " ou ".join(expected)
    if not isinstance(resource, Mapping):
        raise VerbatimError(Msg.FHIR_WRONG_TYPE.format(expected=wanted, found="autre qu'un objet"))
    found = resource.get("resourceType")
    if found not in expected:
        raise VerbatimError(Msg.FHIR_WRONG_TYPE.format(expected=wanted, found=found or "(absent)"))
    return dict(resource)


def extensions(element: Mapping[str, Any]) -> dict[str, Any]:
    """An element's extensions as ``{url: value}`` (the first ``value[x]`` of each)."""
    found: dict[str, Any] = {}
    for ext in element.get("extension") or []:
        if not isinstance(ext, Mapping) or not isinstance(ext.get("url"), str):
            continue
        value = next((v for k, v in ext.items() if k.startswith("value")), None)
        found.setdefault(ext["url"], value)
    return found


def canonical_url(slug: str) -> str:
    """The canonical URL Verbatim gives a questionnaire."""
    return f"{CANONICAL_PREFIX}{slug}"


def slug_from_url(url: str) -> str:
    """The slug a canonical URL designates: Verbatim's own, or the last segment of a foreign one."""
    url = url.split("|", 1)[0].strip()
    if url.startswith(CANONICAL_PREFIX):
        return url[len(CANONICAL_PREFIX) :]
    tail = re.split(r"[/:#]", url.rstrip("/"))[-1]
    return slugify(tail)
