"""Benchmarks of ktui, run from the repository root (see each module)."""
