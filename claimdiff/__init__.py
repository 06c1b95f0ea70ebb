"""claimdiff: compare what several documents claim."""

__version__ = "0.1.0"
