"""Provides the loopback site server and the bundled demo edition.

The same server serves the demo edition (`ktui --demo`), the integration tests (fixture pages with
injected latency and faults) and the benchmark. It is Textual-free and uses only the standard library.
"""
