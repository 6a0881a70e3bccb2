"""How far other sentence similarities get on the claim-pair gold, beside briefs' own score.

    python bench/quality.py CORPUS --keep WORK   # once, imports the corpus into WORK/library
    python bench/claim_ceiling.py CORPUS WORK/library

Needs scikit-learn (`pip install scikit-learn`); WordLlama is measured too when installed.
For every validated sentence pair of one gold story it prints the best F1 (at the best single
threshold, so an upper bound for each signal) and ROC-AUC against `claim_pairs` of:
briefs' claim score; TF-IDF cosine; latent semantic analysis (TF-IDF reduced by SVD) alone and
mixed with TF-IDF; WordLlama embeddings alone and mixed with briefs' score; and an oracle that
knows which pairs report the same event (`aligned_pairs`) and ranks only those by briefs' score.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

from briefs.index.claims import compare as cmp
from briefs.index.library import Library

sys.path.insert(0, str(Path(__file__).parent))
from quality import claims_by_sentence  # noqa: E402


def best_f1(scores: np.ndarray, gold: np.ndarray) -> float:
    """F1 at the best single threshold."""
    order = np.argsort(-scores)
    hits = np.cumsum(gold[order])
    f1 = 2 * hits / (np.arange(1, len(order) + 1) + gold.sum())
    return float(f1.max())


def report(name: str, scores: np.ndarray, gold: np.ndarray) -> None:
    print(f"{name:44} F1={best_f1(scores, gold):.3f}  AUC={roc_auc_score(gold, scores):.3f}")


def briefs_scores(corpus: dict, data: Path) -> dict[tuple, float]:
    """briefs' best claim score for every validated same-story sentence pair (0 if none)."""
    sentences, validated = corpus["sentences"], {d: set(v) for d, v in corpus["validated"].items()}
    story = {d: v["story"] for d, v in corpus["docs"].items()}
    library = Library(data)
    claims_of = claims_by_sentence(library, library.idf(), sentences)

    best: dict[tuple, float] = {}
    for a, b in itertools.combinations(sorted(story), 2):
        if story[a] != story[b]:
            continue
        for i in validated[a]:
            for j in validated[b]:
                best[(a, i, b, j)] = 0.0
        for (ca, i, va), (cb, j, vb) in itertools.product(claims_of(a), claims_of(b)):
            key = (a, i, b, j)
            if key in best:
                best[key] = max(best[key], cmp.score(ca, cb, va, vb).score)
    return best


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12)


def zscore(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / (x.std() or 1.0)


def main() -> None:
    corpus_dir, data = Path(sys.argv[1]), Path(sys.argv[2])
    corpus = json.loads((corpus_dir / "gold.json").read_text())
    scored = briefs_scores(corpus, data)
    keys = list(scored)
    claim_gold, event_gold = defaultdict(bool), defaultdict(bool)
    for a, i, b, j in corpus["claim_pairs"]:
        claim_gold[(a, i, b, j)] = True
    for a, i, b, j in corpus["aligned_pairs"]:
        event_gold[(a, i, b, j)] = True
    gold = np.array([claim_gold[k] for k in keys])
    same_event = np.array([event_gold[k] for k in keys])
    ours = np.array([scored[k] for k in keys])
    print(f"{len(keys)} validated same-story sentence pairs, {gold.sum()} claim pairs")
    report("briefs claim score", ours, gold)

    texts, row = [], {}
    for doc in sorted(corpus["sentences"]):
        for i, sentence in enumerate(corpus["sentences"][doc]):
            row[(doc, i)] = len(texts)
            texts.append(sentence)
    left = np.array([row[(a, i)] for a, i, _, _ in keys])
    right = np.array([row[(b, j)] for _, _, b, j in keys])
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)
    cosine = np.asarray(tfidf[left].multiply(tfidf[right]).sum(1)).ravel()
    report("TF-IDF cosine", cosine, gold)
    for dims in (100, 400):
        lsa = unit(TruncatedSVD(dims, random_state=0).fit_transform(tfidf))
        similarity = (lsa[left] * lsa[right]).sum(1)
        report(f"LSA {dims} dimensions", similarity, gold)
        report(f"LSA {dims} dimensions 0.3 + TF-IDF 0.7", 0.3 * similarity + 0.7 * cosine, gold)
    try:
        from wordllama import WordLlama
    except ImportError:
        print("WordLlama not installed: skipped")
    else:
        try:
            model = WordLlama.load(disable_download=True)
        except FileNotFoundError as error:
            # wordllama 0.4 ships its tokenizer in wordllama/tokenizers/ but looks for it in
            # wordllama/tokenizer/: copy the file there to run offline.
            print(f"WordLlama could not load offline: {error}")
            model = None
        if model is not None:
            embedded = unit(np.asarray(model.embed(texts)))
            similarity = (embedded[left] * embedded[right]).sum(1)
            report("WordLlama", similarity, gold)
            report("WordLlama 0.2 + briefs 0.8 (z-scores)",
                   0.2 * zscore(similarity) + 0.8 * zscore(ours), gold)
    report("oracle: same event known, then briefs score", np.where(same_event, ours, -1.0), gold)


if __name__ == "__main__":
    main()
