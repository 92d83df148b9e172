"""Provides the README's screenshots: the reader's main screens rendered from the demo edition.

Run `python -m screenshots` from the repository root. Every screen is drawn by the real app over
the real stack (HTTP, cache, parsers) against the demo edition on a loopback server, at a fixed
time and with a fixed theme, so the pictures only change when the reader's looks change. SVGs
are written here; PNGs too when cairosvg can be imported.
"""
