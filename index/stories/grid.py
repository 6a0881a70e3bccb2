"""The claims of a whole story, clustered across its articles: who reports what, and conflicts.

This is the data behind `briefs story ID --json` and the app's coverage grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from briefs.index.article import Article
from briefs.index.claims import Claim, Conflict, claims, compare_claims, mark_updates


@dataclass
class Cluster:
    """One fact as reported by several articles (or one): claims that report it are one
    cluster even when their values differ, and the conflicts say which values disagree."""

    members: list[tuple[Article, Claim]] = field(default_factory=list)
    conflicts: list[tuple[str, str, Conflict]] = field(default_factory=list)

    @property
    def updates_only(self) -> bool:
        """Every disagreement is an early figure updated by a later report."""
        return bool(self.conflicts) and all(c.update for _, _, c in self.conflicts)

    @property
    def text(self) -> str:
        """The sentence that names the row: for a disputed fact, one that states a disputed
        value (the first member may be a neighbour the cluster reached through it)."""
        values = {v for _, _, c in self.conflicts for v in (c.a, c.b)}
        for _, claim in self.members:
            if any(v in claim.text for v in values):
                return claim.text
        return self.members[0][1].text

    def values(self) -> dict[str, list[str]]:
        """article id -> the disputed values it states ("48,000"), in the order met."""
        found: dict[str, list[str]] = {}
        for a_id, b_id, conflict in self.conflicts:
            for article_id, value in ((a_id, conflict.a), (b_id, conflict.b)):
                said = found.setdefault(article_id, [])
                if value not in said:
                    said.append(value)
        return found

    def values_by_source(self) -> dict[str, list[str]]:
        """outlet -> the disputed values its articles state, in the order met."""
        by_article = self.values()
        said: dict[str, list[str]] = {}
        for article, _ in self.members:
            for value in by_article.get(article.id, []):
                values = said.setdefault(article.source or article.id, [])
                if value not in values:
                    values.append(value)
        return said

    def to_dict(self) -> dict:
        values = self.values()
        return {
            "text": self.text,
            "reports": [{"article": a.id, "source": a.source, **c.to_dict(),
                         "values": values.get(a.id, [])} for a, c in self.members],
            "sources": sorted({a.source for a, _ in self.members}),
            "conflicts": [{"a_article": x, "b_article": y, **c.to_dict()}
                          for x, y, c in self.conflicts],
        }


def claim_clusters(articles: list[Article], idf=None) -> list[Cluster]:
    """Cluster aligned claims of all articles (union of pairwise alignments, conflicting ones
    included), the facts most outlets report first."""
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
        mark_updates(pairs, a.published, b.published)
        for pair in pairs:
            left = (a.id, pair.a[0].index)
            for claim in pair.b:
                right = (b.id, claim.index)
                # A conflict is the same slot with another value: the same fact, one row.
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
