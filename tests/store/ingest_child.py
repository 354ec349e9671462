"""Child process for the crash and concurrency tests: ingest a JSONL file with the fake extractor.

usage: python ingest_child.py DB_URL FILE.jsonl DELAY_SECONDS_PER_DOCUMENT [JOBS]"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import VERSION, fake_extract  # noqa: E402

from sitrep.sources.files import iter_documents  # noqa: E402
from sitrep.store import open_store  # noqa: E402
from sitrep.store.ingest import ingest_documents  # noqa: E402


def main() -> None:
    url, path, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 1

    def slow(doc):  # noqa: ANN001, ANN202
        time.sleep(delay)
        return fake_extract(doc)

    with open_store(url) as store:
        s = ingest_documents(store, iter_documents([path]), slow, VERSION, batch_size=5, jobs=jobs)
    print(s.to_dict())


if __name__ == "__main__":
    main()
