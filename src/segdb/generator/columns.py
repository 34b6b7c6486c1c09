"""Small vectorised helpers to build Arrow columns from numpy arrays."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MONEY = pa.decimal128(12, 2)
TS = pa.timestamp("s")


def strings(values: Sequence[str | None]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def take(vocab: Sequence[str] | pa.Array, codes: np.ndarray, null: np.ndarray | None = None):
    """Strings from a vocabulary by integer codes (null where `null` is true)."""
    arr = vocab if isinstance(vocab, pa.Array) else strings(vocab)
    idx = pa.array(np.asarray(codes, dtype=np.int64), mask=null)
    return arr.take(idx)


def int_str(values: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())
    return pc.utf8_lpad(s, width, "0") if width else s


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    return concat(prefix, int_str(numbers, width))


def concat(*parts) -> pa.Array:
    """Element-wise string concatenation (scalars are broadcast)."""
    return pc.binary_join_element_wise(*parts, "")


def timestamps(seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    arr = np.ascontiguousarray(seconds, dtype=np.int64).view("datetime64[s]")
    return pa.array(arr, type=TS, mask=null)


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=null)


def money(cents: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """decimal(12,2) from integer cents, zero-copy into Arrow's 128-bit layout."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    buf = np.empty((len(cents), 2), dtype=np.int64)
    buf[:, 0] = cents
    buf[:, 1] = cents >> 63  # sign extension of the high word
    arr = pa.Array.from_buffers(MONEY, len(cents), [None, pa.py_buffer(buf)])
    if null is not None and null.any():
        arr = pc.if_else(pa.array(null), pa.scalar(None, MONEY), arr)
    return arr


def ints(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), type=pa.int64(), mask=null)


def set_at(arr: pa.Array, idx: np.ndarray, values: pa.Array | Sequence) -> pa.Array:
    """Copy of `arr` with positions `idx` replaced by `values` (same order as idx)."""
    idx = np.asarray(idx, dtype=np.int64)
    if len(idx) == 0:
        return arr
    if not isinstance(values, pa.Array):
        values = pa.array(list(values), type=arr.type)
    order = np.argsort(idx, kind="stable")
    mask = np.zeros(len(arr), dtype=bool)
    mask[idx] = True
    return pc.replace_with_mask(arr, pa.array(mask), values.take(pa.array(order)))


def set_null(arr: pa.Array, idx: np.ndarray) -> pa.Array:
    return set_at(arr, idx, pa.nulls(len(idx), type=arr.type))


def sample_cat(
    rng: np.random.Generator,
    probs: Sequence | np.ndarray,
    groups: np.ndarray | None = None,
    n: int | None = None,
) -> np.ndarray:
    """Categorical draws. `probs` is (K,) or (G, K) with one row per group code."""
    p = np.asarray(probs, dtype=float)
    if p.ndim == 1:
        size = n if n is not None else len(groups)
        cum = np.cumsum(p / p.sum())
        return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(p) - 1)
    groups = np.asarray(groups)
    u = rng.random(len(groups))
    out = np.zeros(len(groups), dtype=np.int64)
    cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    for g in np.unique(groups):
        sel = np.flatnonzero(groups == g)
        out[sel] = np.searchsorted(cum[g], u[sel], side="right")
    return np.minimum(out, p.shape[1] - 1)


def allocate(shares: np.ndarray, n: int) -> np.ndarray:
    """Integer counts summing to n, proportional to shares (largest remainder)."""
    raw = np.asarray(shares, dtype=float) * n
    counts = np.floor(raw).astype(np.int64)
    rest = n - counts.sum()
    if rest > 0:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:rest]] += 1
    return counts


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Start offset of each group in a repeat()-ed array."""
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def rank_in_group(counts: np.ndarray) -> np.ndarray:
    """0..count-1 within each group of a repeat()-ed array."""
    total = int(counts.sum())
    starts = np.repeat(group_starts(counts), counts)
    return np.arange(total, dtype=np.int64) - starts
