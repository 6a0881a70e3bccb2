"""Stories: articles about the same event grouped, whatever outlet wrote them.

Each article's story vector (vectors), the active stories it may join (active), assignment
one article after another (assignment), the check that splits a story holding two events
(split), a story's claims clustered across its articles (grid), and the library listed as
stories a page at a time (listing) from the counts triggers keep (tally), and the topics its
articles name (topics).
"""

from briefs.index.rooms import exports

__all__, __getattr__ = exports(__name__, {
    "Stories": "assignment", "members": "vectors", "claim_clusters": "grid",
    "StoryRow": "listing", "story_page": "listing:page", "stories_of": "listing",
    "remember_disputes": "listing", "story_stamp": "tally:stamp",
    "Topic": "topics", "top_topics": "topics:top", "articles_naming": "topics",
})
