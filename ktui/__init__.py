"""ktui: a keyboard-first terminal reader for The Korea Times."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ktui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
