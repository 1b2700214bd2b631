"""powerlist: publish a 权责清单 with checked process flowcharts."""

__version__ = "0.1.0"
