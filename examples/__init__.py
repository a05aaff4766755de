"""Example apps, installed as ``stagewright.examples``; ``stagewright synth`` builds ``shop``."""
