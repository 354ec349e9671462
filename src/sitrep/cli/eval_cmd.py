"""`sitrep eval`: the codebook's metrics for the extractor on a gold file (CODEBOOK §4)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from sitrep.cli.common import EXIT_FAILED


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", required=True, type=click.Path(exists=True, file_okay=False), help="Folder with the article files the gold names.")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), help="Score this prediction JSONL instead of running the extractor.")
@click.option("--with-published", is_flag=True, help="Pass the gold's published / published_hint to the extractor as metadata.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
def eval_cmd(gold: str, articles: str, pred: str | None, with_published: bool, as_json: bool) -> None:
    """Score the extractor against GOLD.jsonl (the same metrics as shared/tools/score_events.py)."""
    from sitrep.evaluation.scoring import clean_event, format_report, score

    try:
        gold_recs = [json.loads(line) for line in Path(gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"cannot read gold file {gold}: {exc}") from None
    seconds = None
    if pred:
        preds = _load_preds(Path(pred))
    else:
        from sitrep.extract.pipeline import extract_document
        from sitrep.models import Document

        preds = {}
        t0 = time.perf_counter()
        for rec in gold_recs:
            path = Path(articles) / rec["file"]
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                click.echo(f"sitrep: cannot read {path}: {exc.strerror}", err=True)
                raise SystemExit(EXIT_FAILED) from None
            published = (rec.get("published") or rec.get("published_hint")) if with_published else None
            result = extract_document(Document(id=rec["file"], text=text, url=rec.get("url"), published=published))
            preds[rec["file"]] = [clean_event(e.to_output()) for e in result.events]
        seconds = time.perf_counter() - t0
    res = score(gold_recs, preds)
    if seconds is not None:
        res["seconds"] = round(seconds, 2)
    click.echo(json.dumps(res, indent=1) if as_json else format_report(res, seconds))


def _load_preds(path: Path) -> dict[str, list[dict]]:
    from sitrep.evaluation.scoring import clean_event

    out: dict[str, list[dict]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except ValueError:
            click.echo(f"sitrep: prediction line {n} is not JSON; skipped", err=True)
            continue
        if isinstance(d, dict):
            evs = d.get("events") if isinstance(d.get("events"), list) else []
            out[str(d.get("id"))] = [x for x in map(clean_event, evs) if x is not None]
    return out
