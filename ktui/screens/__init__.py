"""Provides ktui's screens: home, section, article, search, reading list and help."""
