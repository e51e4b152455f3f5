"""
``python -m parlib`` runs the ``parlib`` command.

>>> from parlib.cli import main
>>> callable(main)
True
"""

import sys

from parlib.cli import main

sys.exit(main())
