"""The briefs engine, in rooms along the data flow (see the README's Architecture section).

Core modules here are used by every room: the Article record (article), errors, text hygiene
(sanitize), dates, the index's stems and bullet marks (text) and helper processes (workers).
Data flows sources -> store -> search -> claims / stories; library is the facade that holds
the store and the index together, demo the built-in library.
"""
