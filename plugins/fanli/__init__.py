"""fanli: a library of Chinese official reports, built into a static site."""

__version__ = "0.1.0"
