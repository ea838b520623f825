"""The complaint index's pages, by audience: ``regulator`` (uploads and the month tables),
``public`` (the published tables, no login) and ``institution`` (one institution's history)."""
