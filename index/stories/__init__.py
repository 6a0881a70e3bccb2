"""Stories: articles about the same event grouped, whatever outlet wrote them.

Each article's story vector (vectors), the active stories it may join (active), assignment
one article after another (assignment), the check that splits a story holding two events
(split), and a story's claims clustered across its articles (grid).
"""

from briefs.index.rooms import exports

__all__, __getattr__ = exports(__name__, {
    "Stories": "assignment", "members": "vectors", "claim_clusters": "grid",
})
