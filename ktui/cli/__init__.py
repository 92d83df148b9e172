"""Provides the `ktui` command line: argument parsing, subcommands and the reader's start-up."""
