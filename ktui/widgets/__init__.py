"""Provides ktui's widgets: the lists, the article pane, the header and the find bar."""
