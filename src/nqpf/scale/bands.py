"""LSH band keys of MinHash signatures, stored so that a new document's candidate copies are found
by looking up its keys instead of rebuilding an LSH index over the whole corpus.

The banding is datasketch's: ``MinHashLSH(threshold, num_perm)`` chooses ``b`` bands of ``r``
rows (18 × 7 for 0.6 and 128 permutations) and puts two documents in one bucket when all ``r``
values of some band are equal. A band key here is a 64-bit BLAKE2b digest of the band's index and
its ``r`` values, so two documents share a key exactly when they share a datasketch bucket (up to
a 2^-64 chance of a false match per pair of bands, which the Jaccard check then rejects). The
signature values are what datasketch's MinHash produces, so the stored keys need no datasketch at
lookup time.
"""

from __future__ import annotations

from functools import cache
from hashlib import blake2b

import numpy as np

from nqpf.scale.minhash import DEFAULT_THRESHOLD, NUM_PERM

# bump when the key function changes: stored keys made by another version are rebuilt
KEY_VERSION = 1


# datasketch's choice for the default threshold (a test checks it): known here, so that an ingest
# need not import datasketch, which imports scipy.integrate to work it out
_KNOWN = {(DEFAULT_THRESHOLD, NUM_PERM): (18, 7)}


@cache
def banding(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) datasketch's MinHashLSH uses for ``threshold`` and NUM_PERM."""
    if (threshold, NUM_PERM) in _KNOWN:
        return _KNOWN[(threshold, NUM_PERM)]
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def parameters(threshold: float) -> str:
    """What the stored band keys and cluster ids depend on, as one string kept in ``meta``."""
    b, r = banding(threshold)
    return f"threshold={threshold!r} bands={b}x{r} perm={NUM_PERM} keys=v{KEY_VERSION}"


def bands_file(threshold: float) -> str:
    """The name of a shard's band-key file, which says the parameters its keys were made with: a
    shard resumed after ``--dup-threshold`` changed has keys of other bands, which are not loaded."""
    digest = blake2b(parameters(threshold).encode(), digest_size=6).hexdigest()
    return f"doc_bands.{digest}.parquet"


def band_keys(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """uint64 keys, one row per signature and one column per band, for ``signatures`` (n × NUM_PERM)."""
    b, r = banding(threshold)
    signatures = np.ascontiguousarray(signatures, dtype=np.uint64)
    keys = np.empty((len(signatures), b), dtype=np.uint64)
    for i, row in enumerate(signatures):
        for band in range(b):
            digest = blake2b(row[band * r:(band + 1) * r].tobytes(), digest_size=8, salt=band.to_bytes(16, "little"))
            keys[i, band] = int.from_bytes(digest.digest(), "little")
    return keys


def similar(left: np.ndarray, right: np.ndarray, threshold: float) -> np.ndarray:
    """Per row pair, whether the estimated Jaccard similarity reaches ``threshold``: the share of
    equal signature values, computed as datasketch's ``MinHash.jaccard`` does."""
    equal = np.count_nonzero(left == right, axis=1)
    return equal / float(NUM_PERM) >= threshold
