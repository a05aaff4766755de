"""The command line and the AWS side: ``stagewright synth|validate|diff|deploy|destroy|...``.

The top layer: it imports every other layer and nothing imports it. ``main`` is the console
script; the AWS client factory, change sets, stack events and the commands live in the private
modules beside it.
"""

from stagewright.cli._main import main

__all__ = ["main"]
