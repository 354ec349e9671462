"""Sentence splitting inside each content line, aware of the abbreviations news text uses."""

from __future__ import annotations

import re

from sitrep.extract.article import Article, Sentence

# "BAGHDAD, Dec 3 (Reuters) -", "AMMAN, Jordan -", "ERBIL, Iraq (AP) —", "DOHA / BAGHDAD —": where the story was
# filed, not where it happened
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’/-]{2,30}(?:,\s*[A-Z][a-z]+)*"
    # the date: "Jan 28", "Jan. 28, 2024", "3 March 2021", "2021-03-15", "14-07-2020"
    r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?|\d{4}-\d\d-\d\d|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}))?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s+"
)
DATELINE_BLOCKS = 6  # the lead paragraph can follow a cookie notice, a breadcrumb and a byline line
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Maj|Lt|Col|Sgt|Capt|Cpl|Adm|Brig|Rep|Sen|Gov|Pres|St|No|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Co|Corp|Ltd|vs|etc|approx|a\.m|p\.m|e\.g|i\.e)\.)$"
)


def split_sentences(article: Article) -> None:
    sentences: list[Sentence] = []
    if article.title:
        s, e = article.title
        sentences.append(Sentence(s, e, article.text[s:e], -1, True))
    for index, (start, end) in enumerate(article.blocks):
        block = article.text[start:end]
        dateline = WIRE_DATELINE.match(block) if index < DATELINE_BLOCKS else None
        cursor = dateline.end() if dateline else 0
        for m in _BOUNDARY.finditer(block):
            if _ABBREV.search(block[max(0, m.start() - 12) : m.start() + 1]):
                continue
            piece_end = m.start() + 1
            # keep closing quotes with the sentence
            while piece_end < len(block) and block[piece_end] in "\"”’')]":
                piece_end += 1
            if piece_end - cursor > 1:
                sentences.append(Sentence(start + cursor, start + piece_end, block[cursor:piece_end], index))
            cursor = m.end()
        if cursor < len(block):
            sentences.append(Sentence(start + cursor, end, block[cursor:], index))
    article.sentences = sentences
