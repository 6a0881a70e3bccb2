"""Sources: everything that turns the outside into Articles, and hands them to the library.

Files and folders (textfile, rawtext, file_reading), web pages (htmlpage), feeds and OPML
(feeds, opml), HTTP with its limits (http), refreshing subscriptions (fetcher) and the `add`
run that ties them together (ingest). Imports only the core and the store.
"""

from briefs.index.rooms import exports

__all__, __getattr__ = exports(__name__, {
    "Ingester": "ingest", "IngestOptions": "ingest", "Summary": "ingest", "Sink": "ingest",
    "fetch_feeds": "fetcher",
    "Outline": "opml", "render_opml": "opml:render",
})
