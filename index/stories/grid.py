"""The claims of a whole story, clustered across its articles: who reports what, and conflicts.

This is the data behind `briefs story ID --json` and the app's coverage grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from briefs.index.article import Article
from briefs.index.claims import Claim, Conflict, claims, compare_claims


@dataclass
class Cluster:
    """One claim as reported by several articles (or one), with conflicts among them."""

    members: list[tuple[Article, Claim]] = field(default_factory=list)
    conflicts: list[tuple[str, str, Conflict]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "text": self.members[0][1].text,
            "reports": [{"article": a.id, "source": a.source, **c.to_dict()}
                        for a, c in self.members],
            "sources": sorted({a.source for a, _ in self.members}),
            "conflicts": [{"a_article": x, "b_article": y, **c.to_dict()}
                          for x, y, c in self.conflicts],
        }


def claim_clusters(articles: list[Article], idf=None) -> list[Cluster]:
    """Cluster aligned claims of all articles (union of pairwise alignments), biggest first."""
    per_article = {a.id: claims(a.body, a.published) for a in articles}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    found_conflicts: list[tuple[tuple[str, int], str, str, Conflict]] = []
    for a, b in combinations(articles, 2):
        pairs, _, _ = compare_claims(per_article[a.id], per_article[b.id], idf)
        for pair in pairs:
            left = (a.id, pair.a[0].index)
            for claim in pair.b:
                right = (b.id, claim.index)
                if pair.relation != "conflict":
                    parent[find(left)] = find(right)
            for conflict in pair.conflicts:
                found_conflicts.append((left, a.id, b.id, conflict))
    groups: dict[tuple[str, int], Cluster] = {}
    by_id = {a.id: a for a in articles}
    for article_id, claim_list in per_article.items():
        for claim in claim_list:
            root = find((article_id, claim.index))
            groups.setdefault(root, Cluster()).members.append((by_id[article_id], claim))
    for left, a_id, b_id, conflict in found_conflicts:
        groups[find(left)].conflicts.append((a_id, b_id, conflict))
    clusters = list(groups.values())
    clusters.sort(key=lambda c: (-len({a.id for a, _ in c.members}), -len(c.conflicts),
                                 c.members[0][1].start))
    return clusters
