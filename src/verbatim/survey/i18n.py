"""What the kiosk itself says, in each language a patient can choose.

The questions are the coordinator's (French, plus the translations entered in "Questionnaires",
see :mod:`verbatim.survey.translations`); everything around them — the information notice, the
buttons, the Likert words, the messages — ships here. A language is offered on the kiosk only
when it has a complete set of these strings *and* a complete translation of the questionnaire.
"""

from __future__ import annotations

from typing import Any

from verbatim.errors import Msg
from verbatim.survey.kinds import LIKERT_LABELS
from verbatim.survey.languages import SOURCE_LANGUAGE
from verbatim.survey.languages import direction as direction  # the kiosk pages read it here

FRENCH = SOURCE_LANGUAGE


_NOTICE_FR = (
    "**Ce questionnaire est anonyme.** Nous ne vous demandons ni votre nom, ni votre date de "
    "naissance, ni aucune information qui permettrait de vous reconnaître.\n\n"
    "**À quoi servent vos réponses ?** À améliorer l'accueil, l'organisation et la qualité des "
    "soins. Elles sont lues par l'équipe et par des patients partenaires, et analysées de façon "
    "groupée.\n\n"
    "**Dans les zones de texte,** merci de ne pas écrire de nom, de numéro de téléphone ni "
    "d'information sur votre santé.\n\n"
    "**Vous êtes libre** de ne pas répondre, de passer une question facultative ou d'arrêter à "
    "tout moment : rien n'est enregistré avant le dernier écran. Pour vous opposer à "
    "l'utilisation d'une réponse déjà envoyée, adressez-vous à l'accueil en indiquant le jour "
    "et l'heure de votre réponse : elle sera supprimée."
)

_NOTICE_EN = (
    "**This questionnaire is anonymous.** We do not ask for your name, your date of birth or "
    "anything that could identify you.\n\n"
    "**What are your answers for?** To improve the welcome, the organisation and the quality "
    "of care. They are read by the team and by patient partners, and analysed together with "
    "other answers.\n\n"
    "**In the text boxes,** please do not write any name, phone number or information about "
    "your health.\n\n"
    "**You are free** not to answer, to skip an optional question or to stop at any time: "
    "nothing is saved before the last screen. To withdraw an answer already sent, ask at the "
    "reception desk, giving the day and time of your answer: it will be deleted."
)

_NOTICE_AR = (
    "**هذا الاستبيان مجهول الهوية.** لا نطلب منك اسمك ولا تاريخ ميلادك ولا أي معلومة "
    "تسمح بالتعرف عليك.\n\n"
    "**ما فائدة إجاباتك؟** تحسين الاستقبال والتنظيم وجودة الرعاية. يقرؤها الفريق ومرضى "
    "شركاء، وتُحلَّل مع الإجابات الأخرى بشكل جماعي.\n\n"
    "**في خانات الكتابة،** يرجى عدم كتابة أي اسم أو رقم هاتف أو معلومات عن صحتك.\n\n"
    "**أنت حر** في عدم الإجابة، أو تخطي سؤال اختياري، أو التوقف في أي وقت: لا يُحفظ شيء "
    "قبل الشاشة الأخيرة. للاعتراض على استخدام إجابة سبق إرسالها، توجّه إلى الاستقبال مع ذكر "
    "يوم وساعة إجابتك: سيتم حذفها."
)

_NOTICE_ES = (
    "**Este cuestionario es anónimo.** No le pedimos su nombre, su fecha de nacimiento ni "
    "ningún dato que permita reconocerle.\n\n"
    "**¿Para qué sirven sus respuestas?** Para mejorar la acogida, la organización y la "
    "calidad de la atención. Las leen el equipo y pacientes colaboradores, y se analizan en "
    "conjunto.\n\n"
    "**En los campos de texto,** no escriba nombres, números de teléfono ni información sobre "
    "su salud.\n\n"
    "**Usted es libre** de no responder, de saltar una pregunta opcional o de parar en "
    "cualquier momento: no se guarda nada antes de la última pantalla. Para retirar una "
    "respuesta ya enviada, diríjase a la recepción indicando el día y la hora de su respuesta: "
    "se borrará."
)

_NOTICE_PT = (
    "**Este questionário é anónimo.** Não lhe pedimos o nome, a data de nascimento nem "
    "nenhuma informação que permita reconhecê-lo.\n\n"
    "**Para que servem as suas respostas?** Para melhorar o acolhimento, a organização e a "
    "qualidade dos cuidados. São lidas pela equipa e por doentes parceiros, e analisadas em "
    "conjunto.\n\n"
    "**Nas caixas de texto,** não escreva nomes, números de telefone nem informações sobre a "
    "sua saúde.\n\n"
    "**É livre** de não responder, de saltar uma pergunta opcional ou de parar a qualquer "
    "momento: nada é guardado antes do último ecrã. Para retirar uma resposta já enviada, "
    "dirija-se à receção indicando o dia e a hora da sua resposta: será apagada."
)

_NOTICE_TR = (
    "**Bu anket anonimdir.** Adınızı, doğum tarihinizi veya sizi tanımaya yarayacak hiçbir "
    "bilgiyi sormuyoruz.\n\n"
    "**Cevaplarınız ne işe yarar?** Karşılamayı, düzeni ve bakımın kalitesini iyileştirmeye. "
    "Ekip ve hasta ortakları tarafından okunur ve diğer cevaplarla birlikte incelenir.\n\n"
    "**Yazı alanlarına** lütfen isim, telefon numarası veya sağlığınızla ilgili bilgi "
    "yazmayın.\n\n"
    "**Cevap vermemekte,** isteğe bağlı bir soruyu atlamakta veya istediğiniz zaman bırakmakta "
    "özgürsünüz: son ekrandan önce hiçbir şey kaydedilmez. Gönderilmiş bir cevabı geri almak "
    "için, cevabınızın gününü ve saatini belirterek danışmaya başvurun: silinecektir."
)

STRINGS: dict[str, dict[str, Any]] = {
    "fr": {
        "name": "Français",
        "skip": "Aller au contenu principal",
        "choose_language": "Choisissez votre langue",
        "notice": _NOTICE_FR,
        "begin": "Commencer",
        "progress": "Question {position} sur {total}",
        "optional": "Question facultative : vous pouvez passer à la suivante.",
        "several": "Plusieurs réponses possibles.",
        "answer_label": "Votre réponse",
        "placeholder": "Écrivez ici (sans nom ni information sur votre santé)",
        "back": "← Précédent",
        "next": "Suivant →",
        "send": "Envoyer mes réponses",
        "thanks_title": "Merci pour vos réponses !",
        "thanks_body": (
            "Vos réponses ont bien été enregistrées. Elles nous aident à améliorer l'accueil et "
            "les soins."
        ),
        "thanks_caption": "Cet écran revient au début dans quelques secondes.",
        "done": "Terminer",
        "required": Msg.KIOSK_REQUIRED,
        "technical": Msg.KIOSK_TECHNICAL,
        "large_on": "Agrandir le texte",
        "large_off": "Texte de taille normale",
        "offline": (
            "Connexion perdue. Vos réponses sont gardées : attendez un instant, la borne "
            "reprend toute seule dès que la connexion revient."
        ),
        "scale_low": "0 = pas du tout",
        "scale_high": "10 = tout à fait",
        "yes": "Oui",
        "no": "Non",
        "likert": list(LIKERT_LABELS),
    },
    "en": {
        "name": "English",
        "skip": "Skip to main content",
        "choose_language": "Choose your language",
        "notice": _NOTICE_EN,
        "begin": "Start",
        "progress": "Question {position} of {total}",
        "optional": "Optional question: you may skip it.",
        "several": "You can choose more than one answer.",
        "answer_label": "Your answer",
        "placeholder": "Write here (no names, no information about your health)",
        "back": "← Back",
        "next": "Next →",
        "send": "Send my answers",
        "thanks_title": "Thank you for your answers!",
        "thanks_body": "Your answers have been saved. They help us improve our welcome and care.",
        "thanks_caption": "This screen goes back to the start in a few seconds.",
        "done": "Finish",
        "required": "Please answer this question to continue.",
        "technical": "A technical problem stops your answers being saved. Please tell reception.",
        "large_on": "Larger text",
        "large_off": "Normal text size",
        "offline": (
            "Connection lost. Your answers are kept: please wait a moment, the screen will "
            "carry on by itself when the connection is back."
        ),
        "scale_low": "0 = not at all",
        "scale_high": "10 = completely",
        "yes": "Yes",
        "no": "No",
        "likert": [
            "Not at all satisfied",
            "Slightly satisfied",
            "Fairly satisfied",
            "Satisfied",
            "Very satisfied",
        ],
    },
    "ar": {
        "name": "العربية",
        "skip": "انتقل إلى المحتوى الرئيسي",
        "choose_language": "اختر لغتك",
        "notice": _NOTICE_AR,
        "begin": "ابدأ",
        "progress": "السؤال {position} من {total}",
        "optional": "سؤال اختياري: يمكنك الانتقال إلى السؤال التالي.",
        "several": "يمكنك اختيار أكثر من إجابة.",
        "answer_label": "إجابتك",
        "placeholder": "اكتب هنا (بدون أسماء أو معلومات عن صحتك)",
        "back": "→ السابق",
        "next": "التالي ←",
        "send": "أرسل إجاباتي",
        "thanks_title": "شكرًا على إجاباتك!",
        "thanks_body": "تم حفظ إجاباتك. إنها تساعدنا على تحسين الاستقبال والرعاية.",
        "thanks_caption": "ستعود هذه الشاشة إلى البداية بعد لحظات.",
        "done": "إنهاء",
        "required": "يرجى الإجابة عن هذا السؤال للمتابعة.",
        "technical": "مشكلة تقنية تمنع حفظ إجاباتك. يرجى إبلاغ الاستقبال.",
        "large_on": "تكبير النص",
        "large_off": "حجم النص العادي",
        "offline": (
            "انقطع الاتصال. إجاباتك محفوظة: يرجى الانتظار قليلًا، وستستأنف الشاشة تلقائيًا عند "
            "عودة الاتصال."
        ),
        "scale_low": "0 = إطلاقًا",
        "scale_high": "10 = تمامًا",
        "yes": "نعم",
        "no": "لا",
        "likert": ["غير راضٍ إطلاقًا", "غير راضٍ", "راضٍ إلى حد ما", "راضٍ", "راضٍ جدًا"],
    },
    "es": {
        "name": "Español",
        "skip": "Ir al contenido principal",
        "choose_language": "Elija su idioma",
        "notice": _NOTICE_ES,
        "begin": "Empezar",
        "progress": "Pregunta {position} de {total}",
        "optional": "Pregunta opcional: puede pasar a la siguiente.",
        "several": "Puede elegir varias respuestas.",
        "answer_label": "Su respuesta",
        "placeholder": "Escriba aquí (sin nombres ni información sobre su salud)",
        "back": "← Anterior",
        "next": "Siguiente →",
        "send": "Enviar mis respuestas",
        "thanks_title": "¡Gracias por sus respuestas!",
        "thanks_body": (
            "Sus respuestas se han guardado. Nos ayudan a mejorar la acogida y la atención."
        ),
        "thanks_caption": "Esta pantalla vuelve al inicio en unos segundos.",
        "done": "Terminar",
        "required": "Responda a esta pregunta para continuar.",
        "technical": (
            "Un problema técnico impide guardar sus respuestas. Avise en la recepción, por favor."
        ),
        "large_on": "Texto más grande",
        "large_off": "Texto de tamaño normal",
        "offline": (
            "Se ha perdido la conexión. Sus respuestas se conservan: espere un momento, la "
            "pantalla seguirá sola cuando vuelva la conexión."
        ),
        "scale_low": "0 = nada",
        "scale_high": "10 = totalmente",
        "yes": "Sí",
        "no": "No",
        "likert": [
            "Nada satisfecho",
            "Poco satisfecho",
            "Medianamente satisfecho",
            "Satisfecho",
            "Muy satisfecho",
        ],
    },
    "pt": {
        "name": "Português",
        "skip": "Ir para o conteúdo principal",
        "choose_language": "Escolha a sua língua",
        "notice": _NOTICE_PT,
        "begin": "Começar",
        "progress": "Pergunta {position} de {total}",
        "optional": "Pergunta opcional: pode passar à seguinte.",
        "several": "Pode escolher várias respostas.",
        "answer_label": "A sua resposta",
        "placeholder": "Escreva aqui (sem nomes nem informações sobre a sua saúde)",
        "back": "← Anterior",
        "next": "Seguinte →",
        "send": "Enviar as minhas respostas",
        "thanks_title": "Obrigado pelas suas respostas!",
        "thanks_body": (
            "As suas respostas foram guardadas. Ajudam-nos a melhorar o acolhimento e os cuidados."
        ),
        "thanks_caption": "Este ecrã volta ao início dentro de alguns segundos.",
        "done": "Terminar",
        "required": "Responda a esta pergunta para continuar.",
        "technical": (
            "Um problema técnico impede que as suas respostas sejam guardadas. Avise a receção."
        ),
        "large_on": "Texto maior",
        "large_off": "Texto de tamanho normal",
        "offline": (
            "A ligação perdeu-se. As suas respostas estão guardadas: aguarde um momento, o ecrã "
            "continua sozinho quando a ligação voltar."
        ),
        "scale_low": "0 = nada",
        "scale_high": "10 = totalmente",
        "yes": "Sim",
        "no": "Não",
        "likert": [
            "Nada satisfeito",
            "Pouco satisfeito",
            "Moderadamente satisfeito",
            "Satisfeito",
            "Muito satisfeito",
        ],
    },
    "tr": {
        "name": "Türkçe",
        "skip": "Ana içeriğe geç",
        "choose_language": "Dilinizi seçin",
        "notice": _NOTICE_TR,
        "begin": "Başla",
        "progress": "Soru {position} / {total}",
        "optional": "İsteğe bağlı soru: bir sonrakine geçebilirsiniz.",
        "several": "Birden fazla cevap seçebilirsiniz.",
        "answer_label": "Cevabınız",
        "placeholder": "Buraya yazın (isim ve sağlık bilgisi olmadan)",
        "back": "← Geri",
        "next": "İleri →",
        "send": "Cevaplarımı gönder",
        "thanks_title": "Cevaplarınız için teşekkürler!",
        "thanks_body": (
            "Cevaplarınız kaydedildi. Karşılamayı ve bakımı iyileştirmemize yardımcı oluyorlar."
        ),
        "thanks_caption": "Bu ekran birkaç saniye içinde başa döner.",
        "done": "Bitir",
        "required": "Devam etmek için lütfen bu soruyu cevaplayın.",
        "technical": (
            "Teknik bir sorun cevaplarınızın kaydedilmesini engelliyor. Lütfen danışmaya haber "
            "verin."
        ),
        "large_on": "Yazıyı büyüt",
        "large_off": "Normal yazı boyutu",
        "offline": (
            "Bağlantı kesildi. Cevaplarınız saklanıyor: lütfen biraz bekleyin, bağlantı "
            "geri gelince ekran kendiliğinden devam eder."
        ),
        "scale_low": "0 = hiç",
        "scale_high": "10 = tamamen",
        "yes": "Evet",
        "no": "Hayır",
        "likert": [
            "Hiç memnun değilim",
            "Az memnunum",
            "Orta derecede memnunum",
            "Memnunum",
            "Çok memnunum",
        ],
    },
}

UI_LANGUAGES: tuple[str, ...] = tuple(STRINGS)


def has_interface(language: str) -> bool:
    """True when the kiosk ships its own words (buttons, notice…) in this language."""
    return language in STRINGS


def text(language: str, key: str, **values: Any) -> str:
    """One kiosk string in a language (French when the language or the string is missing).

    Args:
        language: ISO 639-1 code, e.g. ``"ar"``.
        key: The string's key, e.g. ``"begin"``.
        **values: Values for its ``{placeholders}``.
    """
    table = STRINGS.get(language, STRINGS[FRENCH])
    template = table.get(key, STRINGS[FRENCH][key])
    return template.format(**values) if values else template


def likert_labels(language: str) -> list[str]:
    """The five default Likert words, from "not at all satisfied" to "very satisfied"."""
    return list(STRINGS.get(language, STRINGS[FRENCH])["likert"])


def yes_no_labels(language: str) -> dict[str, str]:
    """The labels of the yes/no answers (stored values stay ``"oui"``/``"non"``)."""
    return {"oui": text(language, "yes"), "non": text(language, "no")}
