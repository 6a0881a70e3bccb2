"""Split a story's members in two when they form two groups far apart (two-means)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# A sparse vector as numpy arrays: its terms' column numbers and their weights.
Row = tuple[np.ndarray, np.ndarray]


def split_in_two(rows: Sequence[Row], rounds: int = 10) -> tuple[list[int], float]:
    """Two-means of unit vectors: the part (0 or 1) of each, and how alike the parts are.

    The likeness is the mean similarity across the parts over the lower of the two mean
    similarities within a part: well below 1 means two groups. Seeds are the member least
    like the whole and the member least like that one. Every similarity a round needs is a
    sum over the members' Gram matrix, computed once (a story has up to ~100 members).
    """
    gram = _gram(rows)
    first = int(np.argmin(gram.sum(axis=1)))
    to_first = gram[first].copy()
    to_first[first] = np.inf
    second = int(np.argmin(to_first))
    member = np.zeros((2, len(rows)))  # member[p, i]: 1.0 when article i is in part p
    member[0, first] = member[1, second] = 1.0
    parts = np.full(len(rows), -1)
    for _ in range(rounds):
        dots = gram @ member.T  # each article against each part's sum
        squares = ((member @ gram) * member).sum(axis=1)[None, :]
        # Leave a member out of its own part, or it holds itself (vectors have unit length).
        own = parts[:, None] == np.arange(2)[None, :]
        square = np.where(own, squares - 2.0 * dots + 1.0, squares)
        dot = np.where(own, dots - 1.0, dots)
        likeness = np.where(square > 1e-9, dot / np.sqrt(np.maximum(square, 1e-9)), 0.0)
        new = np.where(likeness[:, 0] >= likeness[:, 1], 0, 1)
        if (new == parts).all():
            break
        parts = new
        member = np.stack([parts == 0, parts == 1]).astype(float)
    member = np.stack([parts == 0, parts == 1]).astype(float)
    sizes = member.sum(axis=1)
    if sizes.min() < 2:
        return parts.tolist(), 1.0
    within = min((member[p] @ gram @ member[p] - sizes[p]) / (sizes[p] * (sizes[p] - 1))
                 for p in (0, 1))
    across = member[0] @ gram @ member[1] / (sizes[0] * sizes[1])
    return parts.tolist(), float(across / max(within, 1e-9))


def _gram(rows: Sequence[Row]) -> np.ndarray:
    """Dot products of every pair of rows, through a dense matrix of the terms they hold."""
    terms = np.concatenate([row[0] for row in rows])
    unique, first, column = np.unique(terms, return_index=True, return_inverse=True)
    # Columns in order of first appearance, so sums run in the same order in every run.
    rank = np.empty(len(unique), dtype=np.intp)
    rank[np.argsort(first, kind="stable")] = np.arange(len(unique))
    matrix = np.zeros((len(rows), len(unique)))
    lengths = [len(row[0]) for row in rows]
    matrix[np.repeat(np.arange(len(rows)), lengths), rank[column]] = \
        np.concatenate([row[1] for row in rows])
    return matrix @ matrix.T
