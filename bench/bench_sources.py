"""Reading saved web pages: pages/s through `read_any` on a folder of generated HTML (main text, metadata,
language identification included).

    python bench/bench_sources.py [--n 10000] [--keep DIR]

The pages are generated here (fictional text, ~6 KB each: navigation, an article of 5-9 paragraphs with
OpenGraph/JSON-LD metadata, a reader-comment section, a related-links sidebar, a footer; one in ten has its
article inside comment markup). The target is >= 100 pages/s. Both wall-clock and CPU-time rates are printed: on a shared machine the
wall-clock rate falls with the load while the CPU-time rate does not.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sitrep.models import Document
from sitrep.sources import ReadProblem, read_any

OUTLETS = ["Northern Ledger", "Tigris Daily", "Frontier Wire", "Desert Monitor", "Valley Courier"]
PLACES = ["Al-Sahil air base", "Harir base", "the Dariya highway", "the river crossing", "the embassy compound",
          "the airport logistics hub", "Camp Falcon"]  # fmt: skip
WEAPONS = ["rockets", "a one-way attack drone", "mortar rounds", "a roadside bomb", "small arms fire"]
FILLER = ("officials said", "according to a security source", "the ministry said in a statement",
          "residents reported hearing explosions", "no group immediately claimed responsibility",
          "the coalition declined to comment", "an investigation was opened", "sirens sounded for several minutes")  # fmt: skip


def page(i: int, rnd: random.Random) -> str:
    outlet, place, weapon = rnd.choice(OUTLETS), rnd.choice(PLACES), rnd.choice(WEAPONS)
    title = f"Attack with {weapon} reported near {place} ({i})"
    day = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    paras = []
    for _ in range(rnd.randint(5, 9)):
        sents = [f"{weapon.capitalize()} struck near {place} on {rnd.choice(['Monday', 'Tuesday', 'Friday'])}, "
                 f"{rnd.choice(FILLER)}." for _ in range(rnd.randint(2, 4))]  # fmt: skip
        sents.append(f"{rnd.choice(FILLER).capitalize()}, and {rnd.choice(FILLER)}.")
        paras.append("<p>" + " ".join(sents) + "</p>")
    article = f"<article><h1>{title}</h1>{''.join(paras)}</article>"
    if i % 10 == 0:
        article = f"<!--\n{article}\n-->"
    nav = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(25))
    related = "".join(f'<li><a href="/story/{rnd.randint(1, 99999)}">Related story {k}</a></li>' for k in range(8))
    comments = "".join(f'<div class="comment"><p>Reader {k}: {rnd.choice(FILLER)}.</p></div>' for k in range(3))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>'
            f'<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{day}T10:00:00Z">'
            f'<link rel="canonical" href="https://{outlet.lower().replace(" ", "")}.example/{i}"></head><body>'
            f'<header><nav><ul>{nav}</ul></nav></header><main>{article}'
            f'<section id="comments" class="comments"><h3>Comments</h3>{comments}</section></main>'
            f'<aside><h4>Most read</h4><ul>{related}</ul></aside><footer><p>(c) 2024 {outlet}</p></footer></body></html>')  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--keep", default=None, help="Write the pages to DIR and keep them.")
    args = ap.parse_args()
    rnd = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp) / "pages"
        folder.mkdir(parents=True, exist_ok=True)
        total = 0
        for i in range(args.n):
            data = page(i, rnd).encode()
            total += len(data)
            (folder / f"page{i:05d}.html").write_bytes(data)
        print(f"{args.n} pages, {total / args.n / 1024:.1f} KB each on average, in {folder}")
        list(read_any([str(folder / "page00001.html")]))  # imports and the language model, outside the timing
        started, cpu_started = time.perf_counter(), time.process_time()
        docs = problems = commented = dated = 0
        for item in read_any([str(folder)]):
            if isinstance(item, ReadProblem):
                problems += 1
            elif isinstance(item, Document):
                docs += 1
                dated += item.published is not None
                commented += item.id.endswith("0.html") and "struck near" in item.text
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"read {docs} documents ({problems} problems; {dated} with a date; {commented} of {args.n // 10} "
          f"commented-out articles recovered)")
    print(f"wall {elapsed:.1f} s: {args.n / elapsed:.0f} pages/s; CPU {cpu:.1f} s: {args.n / cpu:.0f} pages per CPU-second "
          "(the two differ when other processes share the cores)")  # fmt: skip


if __name__ == "__main__":
    main()
