"""Run the generator: customer chunks -> all tables -> dirt -> files, truth and manifest.

Customers are processed in fixed-size chunks; each chunk and each table has its own random
stream (seed, chunk, stream), so output depends only on the seed and the arguments, and a
table's content does not depend on which other tables are written. Writing a chunk runs in
a background thread while the next chunk is simulated.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
from tqdm import tqdm

from . import columns as col
from .catalog import Catalog, make_campaigns, make_catalog
from .config import ALL_TABLES, ARCHETYPE_NAMES, GeneratorConfig
from .customers import CustomerBlock, customers_table, simulate_customers
from .dirt import (
    DirtLedger,
    dirty_customers,
    dirty_foreign_key,
    dirty_items,
    dirty_orders,
    dirty_social,
)
from .engagement import simulate_consents, simulate_emails, simulate_sessions, simulate_surveys
from .orders import item_ids, items_table, orders_table, simulate_orders
from .seasonality import SeasonalSampler, daily_weights
from .social import simulate_social
from .tables import schema, to_dirty_types
from .writers import CsvSink, make_sink

STAGES: tuple[str, ...] = (
    "customers",
    "orders",
    "sessions",
    "emails",
    "surveys",
    "consents",
    "social",
    "dirt",
    "write",
)
_GLOBAL_CHUNK = 2**31 - 1
_STREAM = {
    "catalog": 1,
    "customers": 10,
    "orders": 11,
    "sessions": 12,
    "emails": 13,
    "surveys": 14,
    "consents": 15,
    "social": 16,
    "dirt_customers": 20,
    "dirt_orders": 21,
    "dirt_order_items": 22,
    "dirt_web_sessions": 23,
    "dirt_survey_responses": 24,
    "dirt_email_events": 25,
    "dirt_social_interactions": 26,
}
TRUTH_FILE = "customer_archetypes.csv"
MANIFEST_FILE = "dirt_manifest.json"


def stream(seed: int, chunk: int, name: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, _STREAM[name])))


class _Counters:
    """Next running number of each generated id (ids are unique across chunks)."""

    def __init__(self) -> None:
        self.next = {"orders": 1, "items": 1, "sessions": 1, "events": 1, "responses": 1}
        self.next["interactions"] = 1

    def take(self, name: str, n: int) -> np.ndarray:
        start = self.next[name]
        self.next[name] += n
        return start + np.arange(n, dtype=np.int64)


@dataclass
class RunResult:
    out: Path
    row_counts: dict[str, int]
    seconds: float
    manifest: dict

    def summary(self) -> str:
        counts = " ".join(f"{t}={n:,}" for t, n in self.row_counts.items())
        return f"segdb generate: {counts} in {self.seconds:.1f}s -> {self.out}"


def generate(cfg: GeneratorConfig) -> RunResult:
    started = time.perf_counter()
    raw, truth_dir = cfg.out / "raw", cfg.out / "truth"
    _prepare_dirs(raw, truth_dir)
    dirty = cfg.dirt_rate > 0
    start_date = cfg.window_start.date()
    samplers = {
        p: SeasonalSampler(daily_weights(p, start_date, cfg.window_days), cfg.start_s)
        for p in ("standard", "gift", "deals")
    }
    catalog = make_catalog(stream(cfg.seed, _GLOBAL_CHUNK, "catalog"), cfg.n_products)
    campaigns = make_campaigns(cfg)
    ledger = DirtLedger(cfg.dirt_rate)
    sinks = {t: make_sink(raw / t, cfg.fmt, schema(t, dirty)) for t in cfg.tables}
    counters = _Counters()
    truth: list[tuple[pa.Array, np.ndarray]] = []
    n_chunks = cfg.n_chunks()
    bar = tqdm(
        total=n_chunks * len(STAGES),
        desc="segdb generate",
        unit="step",
        file=sys.stderr,
        disable=cfg.quiet,
        dynamic_ncols=True,
    )
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="segdb-writer")
    pending: Future | None = None
    try:
        if "products" in sinks:
            sinks["products"].write(catalog.table)
        for k in range(n_chunks):

            def step(name: str, k: int = k) -> None:
                bar.set_postfix_str(f"chunk {k + 1}/{n_chunks} {name}", refresh=False)
                bar.update(1)

            cb, tables = _simulate_chunk(cfg, k, catalog, campaigns, samplers, counters, step)
            if dirty:
                tables = _add_dirt(cfg, k, tables, cb, ledger, counters, samplers["standard"])
            step("dirt")
            tables.pop("_order_block")
            truth.append((cb.ids, cb.arch))
            if pending is not None:
                pending.result()
                step("write")
            pending = pool.submit(_write, sinks, tables)
        if pending is not None:
            pending.result()
            bar.set_postfix_str("done", refresh=False)
            bar.update(1)
        for sink in sinks.values():
            sink.close()
    finally:
        pool.shutdown(wait=True)
        bar.close()

    _write_truth(truth_dir / TRUTH_FILE, truth)
    row_counts = {t: sinks[t].rows for t in cfg.tables}
    manifest = build_manifest(cfg, ledger, row_counts)
    (truth_dir / MANIFEST_FILE).write_text(json.dumps(manifest, sort_keys=True, indent=2) + "\n")
    return RunResult(cfg.out, row_counts, time.perf_counter() - started, manifest)


def _prepare_dirs(raw: Path, truth_dir: Path) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    for table in ALL_TABLES:  # never mix files of an earlier run with this one
        for suffix in ("csv", "parquet"):
            (raw / f"{table}.{suffix}").unlink(missing_ok=True)
            (raw / f".{table}.{suffix}.part").unlink(missing_ok=True)
    for name in (TRUTH_FILE, MANIFEST_FILE):
        (truth_dir / name).unlink(missing_ok=True)


def _simulate_chunk(cfg, k, catalog: Catalog, campaigns, samplers, counters, step):
    lo = k * cfg.chunk_size
    hi = min(lo + cfg.chunk_size, cfg.customers)
    n = hi - lo
    seed = cfg.seed
    rng = stream(seed, k, "customers")
    counts = col.allocate(cfg.shares, n)
    arch = rng.permutation(np.repeat(np.arange(len(counts)), counts))
    numbers = np.arange(lo, hi, dtype=np.int64) + 1
    cb = simulate_customers(rng, cfg, numbers, arch, samplers["standard"])
    tables = {"customers": customers_table(cb)}
    step("customers")

    ob = simulate_orders(
        stream(seed, k, "orders"),
        cfg,
        cb,
        catalog,
        samplers,
        counters.next["orders"],
        counters.next["items"],
    )
    counters.take("orders", ob.n)
    counters.take("items", len(ob.line_numbers))
    tables["orders"] = orders_table(ob, cb)
    if "order_items" in cfg.tables:
        tables["order_items"] = items_table(ob, catalog)
    tables["_order_block"] = ob  # used by the dirt step, not written
    step("orders")

    if "web_sessions" in cfg.tables:
        first = counters.next["sessions"]
        t = simulate_sessions(stream(seed, k, "sessions"), cfg, cb, ob, samplers["standard"], first)
        counters.take("sessions", t.num_rows)
        tables["web_sessions"] = t
    step("sessions")
    email = None
    if "email_events" in cfg.tables or "consents" in cfg.tables:
        first = counters.next["events"]
        email = simulate_emails(stream(seed, k, "emails"), cfg, cb, campaigns, first)
        counters.take("events", email.table.num_rows)
        if "email_events" in cfg.tables:
            tables["email_events"] = email.table
    step("emails")
    if "survey_responses" in cfg.tables:
        first = counters.next["responses"]
        t = simulate_surveys(stream(seed, k, "surveys"), cfg, cb, first)
        counters.take("responses", t.num_rows)
        tables["survey_responses"] = t
    step("surveys")
    if "consents" in cfg.tables:
        tables["consents"] = simulate_consents(
            stream(seed, k, "consents"), cfg, cb, email, ob.last_order
        )
    step("consents")
    if "social_interactions" in cfg.tables:
        first = counters.next["interactions"]
        t = simulate_social(stream(seed, k, "social"), cfg, cb, samplers["standard"], first)
        counters.take("interactions", t.num_rows)
        tables["social_interactions"] = t
    step("social")
    return cb, tables


def _add_dirt(cfg, k, tables, cb: CustomerBlock, ledger, counters, sampler):
    seed = cfg.seed
    ob = tables["_order_block"]
    prospect = ARCHETYPE_NAMES.index("prospect")

    def make_fake(rng, numbers):
        arch = np.full(len(numbers), prospect, dtype=np.int64)
        return customers_table(simulate_customers(rng, cfg, numbers, arch, sampler))

    tables["customers"] = dirty_customers(
        stream(seed, k, "dirt_customers"), ledger, tables["customers"], cb, cfg.end_date, make_fake
    )
    orders, drop = dirty_orders(
        stream(seed, k, "dirt_orders"),
        ledger,
        to_dirty_types("orders", tables["orders"]),
        ob.total_cents,
        lambda n: counters.take("orders", n),
    )
    tables["orders"] = orders
    if "order_items" in tables:
        items = to_dirty_types("order_items", tables["order_items"])
        items = items.filter(pa.array(~drop[ob.line_order]))
        tables["order_items"] = dirty_items(
            stream(seed, k, "dirt_order_items"),
            ledger,
            items,
            lambda n: item_ids(counters.take("items", n)),
        )
    for name in ("web_sessions", "survey_responses", "email_events"):
        if name in tables:
            tables[name] = dirty_foreign_key(
                stream(seed, k, f"dirt_{name}"), ledger, name, tables[name]
            )
    if "social_interactions" in tables:
        tables["social_interactions"] = dirty_social(
            stream(seed, k, "dirt_social_interactions"), ledger, tables["social_interactions"]
        )
    return tables


def _write(sinks, tables: dict) -> None:
    for name, sink in sinks.items():
        if name in tables:
            sink.write(tables[name])


def _write_truth(path: Path, parts: list[tuple[pa.Array, np.ndarray]]) -> None:
    ids = pa.concat_arrays([p[0] for p in parts]) if parts else pa.array([], pa.string())
    codes = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, dtype=np.int64)
    table = pa.table({"customer_id": ids, "archetype": col.take(ARCHETYPE_NAMES, codes)})
    sink = CsvSink(path, table.schema)
    sink.write(table)
    sink.close()


def build_manifest(cfg: GeneratorConfig, ledger: DirtLedger, row_counts: dict) -> dict:
    quarantine = {t: dict(ledger.quarantine[t]) for t in cfg.tables}
    return {
        "archetype_mix": {
            a.name: round(float(s), 6) for a, s in zip(cfg.archetypes, cfg.shares, strict=True)
        },
        "chunk_size": cfg.chunk_size,
        "customers_requested": cfg.customers,
        "dirt_rate": float(cfg.dirt_rate),
        "end_date": cfg.end_date.isoformat(),
        "expected_orders_per_customer": round(cfg.expected_orders_per_customer(), 4),
        "expected_valid_rows": {t: row_counts[t] - sum(quarantine[t].values()) for t in cfg.tables},
        "format": cfg.fmt,
        "normalised": {t: dict(v) for t, v in ledger.normalised.items() if t in cfg.tables},
        "quarantine": quarantine,
        "row_counts": dict(row_counts),
        "seed": cfg.seed,
        "tables": list(cfg.tables),
        "window_end": cfg.window_end.isoformat(sep=" "),
        "window_start": cfg.window_start.isoformat(sep=" "),
        "years": cfg.years,
    }
