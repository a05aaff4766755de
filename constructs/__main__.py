"""``python -m stagewright``: the same as the ``stagewright`` command."""

import sys

from stagewright.cli import main

sys.exit(main())
