"""ktui: a keyboard-first terminal reader for The Korea Times."""

__version__ = "0.1.0"
"""The version, kept equal to pyproject.toml's (a test checks): looking it up in the installed
package's metadata at run time imports importlib.metadata, which costs a launch about 30 ms."""
