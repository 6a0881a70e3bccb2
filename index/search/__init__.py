"""Search: the Whoosh index of the store's articles, and everything that makes it fast.

The index and its queries (searchindex), postings decoded into arrays (decoded_postings; after
a big import, in a process of their own: background_decoding) and scored with numpy
(numpy_search), the kill-safe two-process writer (parallel_writer), the
did-you-mean word list (vocabulary), snippets and phrase checks in stored text (snippets,
stemmed_text). Derived from the store: it can always be rebuilt.
"""

from briefs.index.rooms import exports

__all__, __getattr__ = exports(__name__, {
    "SearchIndex": "searchindex", "Results": "searchindex", "QueryError": "searchindex",
    "idf_of": "searchindex", "warm_up": "searchindex", "Stopped": "searchindex",
    "MARK_START": "snippets", "MARK_END": "snippets", "matched_spans": "snippets",
})
