"""``python -m parallelcorpus``: the same as the ``parallelcorpus`` command."""

import sys

from parallelcorpus.cli import main

sys.exit(main())
