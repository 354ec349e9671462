"""Request and response bodies of the API (pydantic; they make the OpenAPI schema)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ARTICLE_CHARS = 500_000


class ArticleIn(BaseModel):
    """An article to extract (and, for POST /api/documents, store and link). Give `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=MAX_ARTICLE_CHARS, description="Plain text: title line, then body.")
    html: str | None = Field(None, max_length=MAX_ARTICLE_CHARS, description="A saved web page; its main text is used.")
    url: str | None = Field(None, max_length=2048)
    published: str | None = Field(None, description="YYYY-MM-DD", examples=["2024-01-21"])
    outlet: str | None = Field(None, max_length=512)
    title: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, max_length=256, description="Document id; derived from the url or text when absent.")

    @field_validator("published")
    @classmethod
    def _day(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if not _DAY.fullmatch(v):
            raise ValueError("published must be YYYY-MM-DD")
        from datetime import date

        try:
            date.fromisoformat(v)
        except ValueError:
            raise ValueError("published is not a real date") from None
        return v

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("give the article as 'text' or 'html' (non-empty)")
        if self.text and self.html:
            raise ValueError("give 'text' or 'html', not both")
        return self


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ExtractOut(BaseModel):
    document: dict[str, Any] = Field(description="The document as read (id, text the spans point into, url, ...).")
    result: dict[str, Any] = Field(description="The ExtractionResult: events with evidence and spans, context facts.")


class SubmitOut(ExtractOut):
    outcome: dict[str, Any] = Field(description="What the store did: new | unchanged | revised | reextracted ...")
    incidents: list[dict[str, Any]]


class ErrorOut(BaseModel):
    error: str
    detail: Any | None = None
