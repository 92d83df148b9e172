"""Provides the pure parsers: HTML, XML or bytes in, a model or a typed `PageError` out, no I/O."""
