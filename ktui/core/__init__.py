"""Provides ktui's Textual-free core: models, URLs, site parsers, HTTP, cache and the service.

Nothing under this package imports Textual; the UI and the command line both sit on top of it.
"""
