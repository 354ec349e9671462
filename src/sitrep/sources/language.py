"""Language identification for documents, with py3langid (its model ships in the wheel; nothing is downloaded).

The extractor reads English only today; non-English documents are still read, marked and stored, so that
they can be counted, searched and re-read when other languages are supported."""

from __future__ import annotations

import re
import threading

from sitrep.models import Document

SAMPLE_CHARS = 800  # the start of a document is enough to tell its language, and keeps this fast (~0.7 ms)
MIN_LETTERS = 12  # below this, a guess is noise ("ok" comes out as Serbian)
MIN_CONFIDENCE = 0.5

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_lock = threading.Lock()
_identifier = None


def _get_identifier():  # noqa: ANN202
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ('en', 'ar', ...), or None when there is too little text to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < MIN_LETTERS:
        return None
    lang, prob = _get_identifier().classify(sample)
    if prob >= MIN_CONFIDENCE:
        return lang
    # A short mixed post: fall back on the script, which is unambiguous enough for Arabic-script text.
    if len(_ARABIC_SCRIPT.findall(sample)) > letters / 2:
        return "ar"
    return None


def with_language(doc: Document) -> Document:
    """The document with `language` set (kept as given when the source already said)."""
    if doc.language:
        return doc
    lang = detect_language(doc.text)
    return doc.model_copy(update={"language": lang}) if lang else doc
