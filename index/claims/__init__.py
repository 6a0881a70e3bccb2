"""Claims: an article cut into claims, what each claim mentions, and two articles compared.

Splitting into sentences, bullets and clauses (split), the quantities, dates, names and quotes
a claim holds (mentions), the claim-by-claim alignment with its conflicts (compare), and the
people, places and organisations an article names (names).
Works on Articles alone: never reads sources, the store or the index.
"""

from briefs.index.rooms import exports

__all__, __getattr__ = exports(__name__, {
    "Claim": "split", "claims": "split",
    "compare_articles": "compare:compare", "compare_claims": "compare",
    "mark_updates": "compare",
    "Comparison": "compare", "Conflict": "compare",
    "MIN_SCORE": "compare", "UNRELATED": "compare",
    "article_names": "names:names",
})
