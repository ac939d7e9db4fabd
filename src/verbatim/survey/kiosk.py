"""The kiosk's flow as plain logic: notice → one question per screen → thank-you → start again.

The Streamlit page only draws the current screen and calls these methods; everything a patient can
do (answer, go on, go back, walk away) is decided here, with the clock passed in as ``now`` so that
tests never sleep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlmodel import Session

from verbatim.config import get_settings
from verbatim.db.tables import Question, QuestionnaireVersion
from verbatim.errors import Msg, VerbatimError
from verbatim.intake.submit import submit_response
from verbatim.review.permissions import Permission, Principal, require
from verbatim.survey import i18n, kinds
from verbatim.survey.languages import LANGUAGES
from verbatim.survey.questionnaires import get_questionnaire, published_version, questions_of

NOTICE = "notice"
QUESTION = "question"
THANKS = "thanks"

# Typing in a text box sends nothing to the server until the box loses focus, so a patient
# writing a long comment looks idle: free-text screens wait this many times longer.
TEXT_SCREEN_FACTOR = 6

PRIVACY_NOTICE = i18n.text(i18n.FRENCH, "notice")


class Step(Enum):
    """What happened when the patient pressed "Suivant"."""

    BLOCKED = "blocked"  # a required answer is missing: stay, with a message
    MOVED = "moved"  # on to the next shown question
    READY = "ready"  # the last question is answered: the caller submits


@dataclass(frozen=True)
class KioskQuestion:
    """One question as the kiosk shows it (a plain copy, safe to keep between page runs)."""

    link_id: str
    text: str
    kind: str
    required: bool = False
    help_text: str = ""
    options: tuple[tuple[Any, str], ...] = ()  # (value, label) in display order
    show_if: dict[str, Any] | None = None
    max_length: int | None = None

    @property
    def is_text(self) -> bool:
        """True for free-text questions."""
        return self.kind in kinds.TEXT_KINDS

    @classmethod
    def from_row(cls, question: Question) -> KioskQuestion:
        """Copy a stored question."""
        return cls(
            link_id=question.link_id,
            text=question.text,
            kind=question.kind,
            required=question.required,
            help_text=question.help_text or "",
            options=tuple(
                (o["value"], str(o["label"]))
                for o in kinds.options_for(question.kind, question.options)
            ),
            show_if=dict(question.show_if) if question.show_if else None,
            max_length=question.max_length,
        )


@dataclass
class KioskState:
    """Where one kiosk session stands. ``round`` changes at every reset (fresh widgets)."""

    last_activity: datetime
    screen: str = NOTICE
    current: str | None = None  # link id of the question on screen
    answers: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    response_id: int | None = None
    round: int = 0
    language: str = i18n.FRENCH  # chosen by the patient on the first screen
    large_print: bool = False


@dataclass(frozen=True)
class KioskFlow:
    """The screens of one published questionnaire version.

    Attributes:
        slug: The questionnaire's slug.
        title: Its title, shown on the notice screen.
        description: Its description, shown on the notice screen.
        version_id: The published version patients answer.
        questions: The questions, in order (French, as the coordinator wrote them).
        reset_seconds: Inactivity before the kiosk goes back to its first screen.
        languages: Languages the patient can choose, French first: those with a complete
            translation of this version and the kiosk's own words.
        texts: The translations, by language (objects with ``title``, ``description`` and
            ``questions``: link id → ``text``, ``help_text``, ``options`` by ``str(value)``).
    """

    slug: str
    title: str
    description: str
    version_id: int
    questions: tuple[KioskQuestion, ...]
    reset_seconds: int = 20
    languages: tuple[str, ...] = (i18n.FRENCH,)
    texts: Mapping[str, Any] = field(default_factory=dict)

    # --- building --------------------------------------------------------------------------

    @classmethod
    def from_questions(
        cls,
        questions: Sequence[KioskQuestion | Question],
        *,
        version_id: int = 0,
        slug: str = "",
        title: str = "",
        description: str = "",
        reset_seconds: int | None = None,
        texts: Mapping[str, Any] | None = None,
    ) -> KioskFlow:
        """A flow over given questions (stored rows or kiosk copies)."""
        copies = tuple(
            q if isinstance(q, KioskQuestion) else KioskQuestion.from_row(q) for q in questions
        )
        return cls(
            slug=slug,
            title=title,
            description=description,
            version_id=version_id,
            questions=copies,
            reset_seconds=get_settings().kiosk_reset_seconds
            if reset_seconds is None
            else reset_seconds,
            languages=(i18n.FRENCH, *(code for code in (texts or {}) if code != i18n.FRENCH)),
            texts=dict(texts or {}),
        )

    # --- reading ---------------------------------------------------------------------------

    def new_state(self, now: datetime, *, round: int = 0) -> KioskState:
        """A fresh session on the notice screen."""
        return KioskState(last_activity=now, round=round)

    def shown(self, answers: dict[str, Any]) -> list[KioskQuestion]:
        """The questions shown given these answers, in order (show-if conditions applied).

        A condition only sees answers to questions that are themselves shown, so an answer left
        behind after going back and changing an earlier choice cannot reveal anything.
        """
        visible: dict[str, Any] = {}
        out = []
        for q in self.questions:
            if not kinds.condition_met(q.show_if, visible):
                continue
            out.append(q)
            value = answers.get(q.link_id)
            if not kinds.is_empty(value):
                visible[q.link_id] = value
        return out

    def question(self, state: KioskState) -> KioskQuestion | None:
        """The question on screen, in the patient's language; None on the other screens."""
        if state.screen != QUESTION:
            return None
        question = next((q for q in self.questions if q.link_id == state.current), None)
        return None if question is None else self.localised(question, state.language)

    def title_in(self, language: str) -> str:
        """The questionnaire's title in a language (French when not translated)."""
        texts = self.texts.get(language)
        return texts.title if texts is not None and texts.title else self.title

    def description_in(self, language: str) -> str:
        """The questionnaire's description in a language (French when not translated)."""
        texts = self.texts.get(language)
        if texts is not None and texts.description:
            return texts.description
        return self.description

    def localised(self, question: KioskQuestion, language: str) -> KioskQuestion:
        """A question as shown in a language: its translation, and the kiosk's own words for
        fixed answers (Likert, yes/no). Stored values never change, only what is shown.
        """
        if language == i18n.FRENCH:
            return question
        texts = self.texts.get(language)
        entry = texts.questions.get(question.link_id) if texts is not None else None
        translated: dict[str, str] = dict(getattr(entry, "options", None) or {})
        french_labels = [label for _value, label in question.options]
        if question.kind == kinds.LIKERT5 and french_labels == kinds.LIKERT_LABELS:
            defaults = i18n.likert_labels(language)
            translated = {str(value): defaults[i] for i, (value, _) in enumerate(question.options)}
        elif question.kind == kinds.YES_NO:
            translated = i18n.yes_no_labels(language)
        options = tuple(
            (value, translated.get(str(value)) or label) for value, label in question.options
        )
        return replace(
            question,
            text=(entry.text if entry is not None and entry.text else question.text),
            help_text=(entry.help_text if entry is not None else "") or question.help_text,
            options=options,
        )

    def progress(self, state: KioskState) -> tuple[int, int]:
        """(position of the question on screen, number of questions shown), both from 1."""
        shown = [q.link_id for q in self.shown(state.answers)]
        position = shown.index(state.current) + 1 if state.current in shown else 0
        return position, len(shown)

    def is_last(self, state: KioskState) -> bool:
        """True when the question on screen is the last one shown (its button says "Envoyer")."""
        position, total = self.progress(state)
        return state.screen == QUESTION and position == total

    def answers_to_submit(self, state: KioskState) -> dict[str, Any]:
        """The non-empty answers to the questions shown, by link id."""
        return {
            q.link_id: state.answers[q.link_id]
            for q in self.shown(state.answers)
            if not kinds.is_empty(state.answers.get(q.link_id))
        }

    def timeout(self, state: KioskState) -> timedelta:
        """How long this screen waits for the patient before resetting."""
        seconds = self.reset_seconds
        current = self.question(state)
        if current is not None and current.is_text:
            seconds *= TEXT_SCREEN_FACTOR
        return timedelta(seconds=seconds)

    def at_rest(self, state: KioskState) -> bool:
        """True when the kiosk is as the next patient should find it: first screen, nothing
        entered, French, normal print."""
        return (
            state.screen == NOTICE
            and not state.answers
            and state.language == i18n.FRENCH
            and not state.large_print
        )

    def expired(self, state: KioskState, now: datetime) -> bool:
        """True when the kiosk should go back to its first screen (patient gone, answers dropped).

        The notice screen never expires when it is as the next patient should find it (French,
        normal print, nothing entered): it already is the first screen.
        """
        if self.at_rest(state):
            return False
        return now - state.last_activity >= self.timeout(state)

    # --- acting ----------------------------------------------------------------------------

    def touch(self, state: KioskState, now: datetime) -> KioskState:
        """Record that the patient did something."""
        state.last_activity = now
        return state

    def choose_language(self, state: KioskState, language: str, now: datetime) -> KioskState:
        """Show the questionnaire in another of its languages (unknown codes are ignored)."""
        if language in self.languages:
            state.language = language
        return self.touch(state, now)

    def toggle_large_print(self, state: KioskState, now: datetime) -> KioskState:
        """Switch large print on or off for this patient."""
        state.large_print = not state.large_print
        return self.touch(state, now)

    def begin(self, state: KioskState, now: datetime) -> KioskState:
        """Leave the notice screen for the first question."""
        state.screen = QUESTION
        state.current = self.shown(state.answers)[0].link_id
        state.error = None
        return self.touch(state, now)

    def set_answer(self, state: KioskState, link_id: str, value: Any, now: datetime) -> KioskState:
        """Record (or, with an empty value, clear) the answer to one question."""
        if kinds.is_empty(value):
            state.answers.pop(link_id, None)
        else:
            state.answers[link_id] = value
        if link_id == state.current:
            state.error = None
        return self.touch(state, now)

    def toggle_choice(
        self, state: KioskState, link_id: str, value: Any, now: datetime
    ) -> KioskState:
        """Tick or untick one option of a multiple-choice question."""
        chosen = list(state.answers.get(link_id) or [])
        chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        question = next(q for q in self.questions if q.link_id == link_id)
        ordered = [v for v, _label in question.options if v in chosen]
        return self.set_answer(state, link_id, ordered, now)

    def next(self, state: KioskState, now: datetime) -> Step:
        """Go on from the question on screen.

        Returns:
            BLOCKED (required answer missing; ``state.error`` says so in French), MOVED, or
            READY when the last question shown is answered and the response should be submitted.
        """
        self.touch(state, now)
        current = self.question(state)
        if current is None:
            return Step.BLOCKED
        if current.required and kinds.is_empty(state.answers.get(current.link_id)):
            state.error = i18n.text(state.language, "required")
            return Step.BLOCKED
        state.error = None
        shown = [q.link_id for q in self.shown(state.answers)]
        position = shown.index(current.link_id)
        if position + 1 >= len(shown):
            return Step.READY
        state.current = shown[position + 1]
        return Step.MOVED

    def back(self, state: KioskState, now: datetime) -> KioskState:
        """Go back to the previous question shown (or to the notice from the first one)."""
        self.touch(state, now)
        state.error = None
        shown = [q.link_id for q in self.shown(state.answers)]
        position = shown.index(state.current) if state.current in shown else 0
        if position == 0:
            state.screen, state.current = NOTICE, None
        else:
            state.current = shown[position - 1]
        return state

    def submit(
        self,
        session: Session,
        state: KioskState,
        *,
        now: datetime,
        site_id: int | None = None,
        context: str | None = None,
        actor: Principal | None = None,
    ) -> KioskState:
        """Store the answers (channel "kiosk") and show the thank-you screen.

        On a French :class:`VerbatimError` the patient stays on the screen with the message and
        nothing is stored.

        Args:
            session: Open session inside a write transaction.
            state: The kiosk session, on its last question.
            now: Current time (also the response's submission time).
            site_id: The site chosen when the kiosk was started.
            context: Care-path context chosen when the kiosk was started.
            actor: Who is signed in on this device, if anyone. Patients answer anonymously, so a
                kiosk started in kiosk mode has none; a signed-in person must be allowed to
                ``collect`` (a coordinator who locked the tablet, or a kiosk account).

        Returns:
            The state, on the thank-you screen with ``response_id`` set.

        Raises:
            PermissionDenied: ``actor`` is given and may not collect answers; nothing is stored.
        """
        if actor is not None:
            require(actor, Permission.COLLECT)
        version = session.get(QuestionnaireVersion, self.version_id)
        if version is None:
            raise VerbatimError(Msg.KIOSK_NOT_READY)
        response = submit_response(
            session,
            version=version,
            answers=self.answers_to_submit(state),
            channel="kiosk",
            site_id=site_id,
            context=context,
            submitted_at=now,
            language=state.language,
        )
        state.screen, state.current = THANKS, None
        state.answers = {}
        state.error = None
        state.response_id = response.id
        return self.touch(state, now)

    def reset(self, state: KioskState, now: datetime) -> KioskState:
        """Back to the notice screen, dropping unsent answers; the next round gets fresh widgets.

        The next patient starts in French, normal print.
        """
        return self.new_state(now, round=state.round + 1)

    def tick(self, state: KioskState, now: datetime) -> tuple[KioskState, bool]:
        """Reset if the patient walked away. Returns the state and whether it was reset."""
        if self.expired(state, now):
            return self.reset(state, now), True
        return state, False


def load_flow(session: Session, *, slug: str) -> KioskFlow:
    """The kiosk flow of a questionnaire's published version, with its complete translations.

    Raises:
        VerbatimError: The questionnaire does not exist or has no published version.
    """
    questionnaire = get_questionnaire(session, slug=slug)
    version = published_version(session, questionnaire_id=questionnaire.id)
    if version is None:
        raise VerbatimError(Msg.NOT_PUBLISHED.format(slug=slug))
    from verbatim.survey.translations import translated_texts

    # translated_texts gives None unless the translation is complete and up to date
    texts = {
        language: translated_texts(session, version_id=version.id, language=language)
        for language in LANGUAGES
        if language in i18n.UI_LANGUAGES
    }
    return KioskFlow.from_questions(
        questions_of(session, version_id=version.id),
        version_id=version.id,
        slug=questionnaire.slug,
        title=questionnaire.title,
        description=questionnaire.description,
        texts={language: t for language, t in texts.items() if t is not None},
    )


def published_questionnaires(session: Session) -> list[tuple[str, str]]:
    """(slug, title) of every questionnaire patients can answer now, by title."""
    from verbatim.survey.questionnaires import list_questionnaires

    return [
        (q.slug, q.title)
        for q in list_questionnaires(session)
        if published_version(session, questionnaire_id=q.id) is not None
    ]
