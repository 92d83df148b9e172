"""Lets `python -m ktui` run the `ktui` command."""

import sys

from ktui.cli.main import main

sys.exit(main())
