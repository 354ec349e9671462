"""Benchmark the actor registry: load time, resolving 10,000 names, find_mentions on a 4 KB article.

    python bench/bench_actors.py [--n 10000] [--seed 7]

The 10,000 names are all distinct (so the resolver's cache never helps): registry aliases respelled the
way reporting respells them (case, curly apostrophes, q/k, e/i, Saryat/Sarayat, a dropped letter, a
trailing "militia"), plus made-up unknown names, which take the slowest path (exact, core, then fuzzy).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

SWAPS = [
    ("q", "k"),
    ("Q", "K"),
    ("e", "i"),
    ("ou", "u"),
    ("'", "’"),
    ("Saraya", "Saryat"),
    ("Saraya", "Sarayat"),
    ("al-", "al "),
    ("al-", "el-"),
    ("Kata'ib", "Kataeb"),
    ("ee", "i"),
    ("ss", "s"),
]
UNKNOWN_PARTS = ["Saraya", "Liwa", "Kata'ib", "Harakat", "Usbat", "Fasil"]
UNKNOWN_WORDS = [
    "al-Fajr",
    "al-Nasr",
    "al-Ghadab",
    "al-Intiqam",
    "al-Wafa",
    "al-Hashemi",
    "al-Jadid",
    "al-Sadiq",
    "al-Hamza",
    "al-Karar",
    "al-Kawthar",
    "al-Zahra",
    "al-Raad",
    "al-Asifa",
    "al-Tufan",
]


def make_names(aliases: list[str], n: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        roll = rng.random()
        if roll < 0.6:
            name = rng.choice(aliases)
            for a, b in rng.sample(SWAPS, k=rng.randint(0, 3)):
                name = name.replace(a, b)
            if rng.random() < 0.3:
                name = name.upper() if rng.random() < 0.3 else name.lower()
            if rng.random() < 0.2:
                name = "The " + name
            if rng.random() < 0.2 and len(name) > 6:
                i = rng.randrange(1, len(name) - 1)
                name = name[:i] + name[i + 1 :]  # a dropped letter
            if rng.random() < 0.1:
                name += " militia"
            name += " " * rng.randint(0, 2)
        else:
            name = " ".join([rng.choice(UNKNOWN_PARTS), *rng.sample(UNKNOWN_WORDS, k=rng.randint(1, 3))])
            name += f" {rng.randint(1, 10**6)}" if rng.random() < 0.5 else ""
        names.add(name)
    return list(names)[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from sitrep.actors import Registry, get_registry

    reg = get_registry()
    t_first = time.perf_counter() - t0
    loads = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        Registry.load()
        loads.append(time.perf_counter() - t0)
    print(f"registry: {len(reg)} actors, {reg.alias_count} aliases")
    print(
        f"first get_registry() incl. imports: {t_first * 1000:.1f} ms; reload: {statistics.median(loads) * 1000:.1f} ms"
    )

    rng = random.Random(args.seed)
    aliases = [a for actor in reg.all() for a in actor.aliases]
    names = make_names(aliases, args.n, rng)
    from rapidfuzz import fuzz  # noqa: F401  (import once, outside the timing; about 40 ms)

    runs = []
    for _ in range(args.repeat):
        fresh = Registry(reg.all())  # empty resolver cache every run
        t0 = time.perf_counter()
        results = [fresh.explain(name) for name in names]
        runs.append(time.perf_counter() - t0)
    matched = {}
    for r in results:
        matched[r.match] = matched.get(r.match, 0) + 1
    print(
        f"resolve {len(names)} distinct names: median {statistics.median(runs):.3f} s, best {min(runs):.3f} s "
        f"(cold cache; {args.repeat} runs) -> {dict(sorted(matched.items()))}"
    )
    t0 = time.perf_counter()
    for name in names:
        fresh.resolve(name)
    print(f"resolve the same {len(names)} again (cached): {time.perf_counter() - t0:.3f} s")

    article = (
        "Saryat Qasim al-Jabbarin claimed an IED attack on a coalition logistics convoy near Al-Diwaniyah, the "
        "Sabereen News channel said, while Kata'ib Hezbollah and the Popular Mobilization Forces denied any role. "
        "Qassem Soleimani's killing in January 2020 was cited by the resistance as the motive. "
    )
    text = (article * (4096 // len(article) + 1))[:4096]
    reg.find_mentions(text)
    per = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _ in range(200):
            reg.find_mentions(text)
        per.append((time.perf_counter() - t0) / 200)
    print(
        f"find_mentions on a 4 KB article: {statistics.median(per) * 1000:.3f} ms "
        f"({len(reg.find_mentions(text))} mentions)"
    )


if __name__ == "__main__":
    main()
