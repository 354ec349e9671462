"""Scale-out ingest on a Dask cluster (`sitrep ingest --engine dask`), see docs/scale.md.

- shards: JSONL / Parquet / WARC shard files read as streams of Documents
- work: what runs on a worker (a shard extracted and stored; a time window linked; incidents resolved)
- driver: the Dask client side (LocalCluster by default, any dask.distributed scheduler), stitching, summary
- synth: a synthetic corpus with known gold (``python -m sitrep.scale.synth --n N --out DIR``)

Dask is optional (``pip install 'sitrep[scale]'``): nothing here imports it until a run starts.
"""
