"""An on-disk corpus of documents, claims and claim embeddings, with an ANN index over the claims.

`claimdiff check` compares a few new articles with a corpus that may hold thousands; re-reading
and re-embedding that corpus on every run would cost minutes, so it is indexed once and kept up
to date file by file (a sha256 of each file's bytes tells what changed).

Layout of a store folder:
  store.sqlite          documents, claims (every Claim field) and float32 vectors; the truth
  claims-<gen>.usearch  HNSW graph over the claim vectors (float16), keyed by claims.key

The ANN library is usearch: a single small wheel with no service and no further dependencies,
an index that is one file and can be memory-mapped (opening a large store costs nothing), and,
unlike a FAISS HNSW index, it removes vectors by key, which an incrementally updated corpus needs.
sqlite-vec only searches exhaustively, and LanceDB brings pyarrow and a table format for what is
one small graph. The index is derived data: if it is missing or disagrees with the database it
is rebuilt from the vectors in sqlite, and each update writes a new index file that the database
names in the same transaction, so a crash leaves the previous consistent pair.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimdiff.align import centroid
from claimdiff.config import CheckSettings
from claimdiff.errors import ClaimdiffError
from claimdiff.model import Claim, Document

STORE_FORMAT = "claimdiff-store"
STORE_VERSION = 1
DATABASE = "store.sqlite"
INGEST_BATCH = 256  # files per transaction: a long build that is interrupted keeps what it finished

Progress = Callable[[str], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,            -- relative to the corpus folder, '/'-separated
    sha256 TEXT NOT NULL,             -- of the file's bytes
    doc_id TEXT UNIQUE NOT NULL,
    source TEXT NOT NULL,
    title TEXT, date TEXT, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    key INTEGER PRIMARY KEY AUTOINCREMENT,  -- the ANN index key
    path TEXT NOT NULL REFERENCES documents(path) ON DELETE CASCADE,
    claim_id TEXT NOT NULL, doc_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
    headline INTEGER NOT NULL, question INTEGER NOT NULL,
    line INTEGER NOT NULL, col INTEGER NOT NULL, end_line INTEGER NOT NULL, end_col INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_by_path ON claims(path);
CREATE INDEX IF NOT EXISTS thesis_claims ON claims(key) WHERE headline = 1 OR question = 1;
"""


# ---------------------------------------------------------------- locating claims in raw files


@dataclass(frozen=True)
class Span:
    """1-based line and column (Unicode code points) of a claim in the original file; end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


_WORD = re.compile(r"\w+")
# In a raw file, tags and entities are skipped; any punctuation or spacing may separate words.
_RAW_TOKEN = re.compile(r"<[^>]{0,200}>|&#?\w{1,8};|\w+")


def _position(raw: str, offset: int) -> tuple[int, int]:
    line = raw.count("\n", 0, offset) + 1
    return line, offset - (raw.rfind("\n", 0, offset) + 1) + 1


class _RawWords:
    """The words of a raw file with their character spans, tags and entities left out."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.words: list[str] = []
        self.spans: list[tuple[int, int]] = []
        for token in _RAW_TOKEN.finditer(raw):
            if token.group()[0] not in "<&":
                self.words.append(token.group())
                self.spans.append(token.span())
        self.first: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            self.first.setdefault(word, []).append(i)

    def find(self, text: str, cursor: int) -> tuple[int, int, int] | None:
        """(start, end, next word index) of text's words appearing in a row, first at or after cursor."""
        words = _WORD.findall(text)
        if not words:
            return None
        starts = self.first.get(words[0], [])
        for preferred in (True, False):
            for i in starts:
                if (i >= cursor) != preferred:
                    continue
                if self.words[i : i + len(words)] == words:
                    return self._widened(text, self.spans[i][0], self.spans[i + len(words) - 1][1]) + (i + len(words),)
        return None

    def _widened(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Over the claim's own opening and closing punctuation (quotes, the final full stop)."""
        edges = _WORD.split(text)
        for char in reversed(edges[0]):
            if start > 0 and self.raw[start - 1] == char:
                start -= 1
        for char in edges[-1]:
            if end < len(self.raw) and self.raw[end] == char:
                end += 1
        return start, end


def locate_claims(raw: str | None, document: Document, claims: Sequence[Claim]) -> list[Span]:
    """Where each claim sits in the original file.

    ingest cleans the text (HTML removed, spaces and Unicode normalised), so offsets into
    Document.text are not offsets into the file; the claim's words are looked up in the raw text
    instead, in document order so that a repeated sentence maps to the right occurrence. Without
    the raw text (stdin) the cleaned text is used; what cannot be found is placed at line 1.
    """
    spans = []
    if raw is None:
        for claim in claims:
            inside = 0 <= claim.start < claim.end <= len(document.text)
            spans.append(Span(*_position(document.text, claim.start), *_position(document.text, claim.end)) if inside else Span(1, 1, 1, 1))
        return spans
    haystack = _RawWords(unicodedata.normalize("NFC", raw))
    cursor = 0
    for claim in claims:
        verbatim = document.text[claim.start : claim.end] if 0 <= claim.start < claim.end <= len(document.text) else ""
        found = None
        for attempt in (claim.text, verbatim, " ".join(_WORD.findall(claim.text)[:8])):
            found = haystack.find(attempt, cursor) if attempt else None
            if found:
                break
        if found is None:
            spans.append(Span(1, 1, 1, 1))
            continue
        start, end, cursor = found
        spans.append(Span(*_position(haystack.raw, start), *_position(haystack.raw, end)))
    return spans


def read_raw(path: str) -> str | None:
    """The file's text as written, for locating claims; None for stdin or an unreadable file."""
    if path == "-":
        return None
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None


# ---------------------------------------------------------------- the store


@dataclass(frozen=True)
class StoredClaim:
    """A corpus claim as check needs it: the claim, where its document lives, where it sits there."""

    key: int
    claim: Claim
    path: str  # relative to the corpus folder
    source: str  # the file as it was named when indexed
    span: Span


@dataclass(frozen=True)
class IndexStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    claims_added: int = 0
    claims_removed: int = 0
    texts_embedded: int = 0  # claim texts that went through the model (the embedding cache saves the rest)
    skipped: tuple[str, ...] = ()  # "path: reason" for files ingest refused (empty, binary, ...); indexed as empty
    documents: int = 0
    claims: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = f", {self.claims_added / self.seconds:.0f} claims/s" if self.seconds and self.claims_added else ""
        skipped = f"; {len(self.skipped)} unreadable files skipped, first: {self.skipped[0]}" if self.skipped else ""
        return (
            f"{self.documents} documents, {self.claims} claims in the store "
            f"(+{self.added} added, ~{self.updated} changed, -{self.removed} removed, {self.unchanged} unchanged; "
            f"{self.claims_added} claims indexed, {self.claims_removed} dropped, {self.texts_embedded} texts embedded{rate}){skipped}"
        )


def embedding_build(embedder) -> str:
    """What, beyond the name, decides the vectors: the encoder's fingerprint (engine, ONNX export)."""
    encoder = getattr(embedder, "encoder", None)
    return str(getattr(encoder, "fingerprint", None) or getattr(embedder, "backend", "") or "")


def embed_texts(embedder, texts: Sequence[str]) -> np.ndarray:
    """One text per model call, so that a claim's vector is a function of its text alone.

    The int8 embedding model's output depends slightly on what else is in its batch; embedding
    each text on its own makes the same claim the same vector in every file and every run (a
    store updated file by file equals one built at once, a file checked alone or with others
    gets the same findings), and lets the embedding cache serve a sentence repeated across files.
    On two cores this costs little: padding, not batching, dominates short sentences.
    """
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    unique = {text: embedder.encode([text])[0] for text in dict.fromkeys(texts)}
    return np.stack([unique[text] for text in texts]).astype(np.float32)


def is_store(path: Path) -> bool:
    return (Path(path) / DATABASE).is_file()


def corpus_files(root: Path) -> list[Path]:
    """The article files under a corpus folder (the suffixes ingest reads), in a stable order; hidden ones skipped."""
    from claimdiff.ingest import SUPPORTED_SUFFIXES

    suffixes = tuple(SUPPORTED_SUFFIXES)
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                files.append(Path(dirpath) / name)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Store:
    """Open with Store.open; one writer at a time (sqlite serialises concurrent index runs)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, meta: dict[str, str], options: CheckSettings) -> None:
        self.path = path
        self.connection = connection
        self.meta = meta
        self.options = options
        self._index = None

    # -- opening

    @classmethod
    def open(cls, path: Path, embedding_model: str, *, build: str = "", create: bool = False, options: CheckSettings | None = None) -> "Store":
        """Refuses a folder that is not a store, and a store of another format or embedding model.

        `build` tells apart two exports of the same model name (see embedding_build): vectors
        from different builds are not comparable either.
        """
        path = Path(path)
        options = options or CheckSettings()
        if path.exists() and not path.is_dir():
            raise ClaimdiffError(f"store path is a file, not a folder: {path}")
        if not is_store(path):
            if not create:
                raise ClaimdiffError(f"not a claimdiff store: {path} (build one with `claimdiff index CORPUS_DIR --store {path}`)")
            if path.is_dir() and any(path.iterdir()):
                raise ClaimdiffError(f"refusing to create a store in {path}: the folder is not empty and holds no {DATABASE}")
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ClaimdiffError(f"cannot create store folder {path}: {error.strerror or error}") from None
        try:
            connection = sqlite3.connect(path / DATABASE, timeout=60)
            connection.execute("PRAGMA foreign_keys = ON")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as error:
            raise ClaimdiffError(f"cannot read store {path}: {error}") from None
        if "meta" not in tables:
            if not create:
                raise ClaimdiffError(f"not a claimdiff store: {path / DATABASE} has no metadata")
            with connection:
                connection.executescript(_SCHEMA)
                connection.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("format", STORE_FORMAT),
                        ("store_version", str(STORE_VERSION)),
                        ("embedding_model", embedding_model),
                        ("embedding_build", build),
                        ("dimensions", "0"),
                        ("generation", "0"),
                        ("index_file", ""),
                        ("ann_connectivity", str(options.ann_connectivity)),
                        ("ann_expansion_add", str(options.ann_expansion_add)),
                    ],
                )
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if meta.get("format") != STORE_FORMAT:
            raise ClaimdiffError(f"not a claimdiff store: {path} (format {meta.get('format')!r})")
        if meta.get("store_version") != str(STORE_VERSION):
            raise ClaimdiffError(
                f"store {path} has format version {meta.get('store_version')}, this claimdiff reads version {STORE_VERSION}: "
                f"rebuild it with `claimdiff index CORPUS_DIR --store NEW_FOLDER`"
            )
        if meta.get("embedding_model") != embedding_model:
            raise ClaimdiffError(
                f"store {path} was built with embedding model {meta.get('embedding_model')!r}, this run uses {embedding_model!r}: "
                f"use --embedding-model {meta.get('embedding_model')} or rebuild the store with `claimdiff index CORPUS_DIR --store NEW_FOLDER`"
            )
        if meta.get("embedding_build", "") != build:
            raise ClaimdiffError(
                f"store {path} was built with another build of {embedding_model!r} ({meta.get('embedding_build') or 'unknown'}; "
                f"this run uses {build or 'unknown'}): rebuild the store with `claimdiff index CORPUS_DIR --store NEW_FOLDER`"
            )
        return cls(path, connection, meta, options)

    def close(self) -> None:
        self._index = None
        self.connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading

    @property
    def dimensions(self) -> int:
        return int(self.meta.get("dimensions", "0"))

    def counts(self) -> tuple[int, int]:
        documents = self.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        claims = self.connection.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        return documents, claims

    def document_paths(self) -> dict[str, str]:
        """Relative path -> sha256, for every indexed file."""
        return dict(self.connection.execute("SELECT path, sha256 FROM documents ORDER BY path"))

    def corpus_file(self, rel: str) -> Path | None:
        """Where an indexed file was when the store was last updated."""
        root = self.meta.get("corpus_root")
        return Path(root) / rel if root else None

    def doc_ids(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT doc_id FROM documents")}

    def documents(self) -> list[Document]:
        rows = self.connection.execute("SELECT doc_id, text, source, title, date FROM documents ORDER BY path")
        return [Document(id=d, text=t, source=s, title=ti, date=da) for d, t, s, ti, da in rows]

    def documents_by_id(self, doc_ids: Iterable[str]) -> dict[str, Document]:
        """Only the documents asked for: check reads the few its claims were paired with, never the whole corpus."""
        wanted = sorted(set(doc_ids))
        found: dict[str, Document] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT doc_id, text, source, title, date FROM documents WHERE doc_id IN ({marks})", chunk)
            for d, t, s, ti, da in rows:
                found[d] = Document(id=d, text=t, source=s, title=ti, date=da)
        return found

    def claims(self, keys: Iterable[int]) -> dict[int, StoredClaim]:
        """The claims under these ANN keys, with their document's source and location."""
        keys = sorted({int(k) for k in keys})
        found: dict[int, StoredClaim] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self.connection.execute(
                f"""SELECT c.key, c.claim_id, c.doc_id, c.idx, c.text, c.start, c."end", c.sentence_start, c.sentence_end,
                           c.headline, c.question, c.line, c.col, c.end_line, c.end_col, d.path, d.source
                    FROM claims c JOIN documents d ON d.path = c.path WHERE c.key IN ({",".join("?" * len(chunk))})""",
                chunk,
            )
            for key, cid, did, idx, text, s, e, ss, se, head, q, line, col, eline, ecol, rel, source in rows:
                claim = Claim(id=cid, doc_id=did, index=idx, text=text, start=s, end=e, sentence_start=ss, sentence_end=se, headline=bool(head), question=bool(q))
                found[key] = StoredClaim(key=key, claim=claim, path=rel, source=source, span=Span(line, col, eline, ecol))
        return found

    def thesis_vectors(self) -> tuple[list[int], np.ndarray]:
        """Keys and vectors of every headline and question: few per document, so `check` compares against all of them."""
        rows = self.connection.execute("SELECT key, vector FROM claims WHERE headline = 1 OR question = 1 ORDER BY key").fetchall()
        if not rows:
            return [], np.zeros((0, self.dimensions), dtype=np.float32)
        return [key for key, _ in rows], np.stack([np.frombuffer(blob, dtype=np.float32) for _, blob in rows])

    def document_centroids(self, doc_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Each document's mean claim vector, unit length (align.document_centroids, for the corpus side)."""
        found: dict[str, np.ndarray] = {}
        for doc_id in sorted(set(doc_ids)):
            blobs = [blob for (blob,) in self.connection.execute("SELECT vector FROM claims WHERE doc_id = ? ORDER BY idx", (doc_id,))]
            if blobs:
                found[doc_id] = centroid(np.stack([np.frombuffer(b, dtype=np.float32) for b in blobs]))
        return found

    def vectors(self, keys: Sequence[int]) -> np.ndarray:
        """float32 rows in the order of keys (exact cosines come from these, not from the float16 index)."""
        by_key: dict[int, np.ndarray] = {}
        unique = sorted({int(k) for k in keys})
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            for key, blob in self.connection.execute(f"SELECT key, vector FROM claims WHERE key IN ({','.join('?' * len(chunk))})", chunk):
                by_key[key] = np.frombuffer(blob, dtype=np.float32)
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([by_key[int(k)] for k in keys])

    def nearest(self, queries: np.ndarray, count: int) -> list[list[tuple[int, float]]]:
        """For each query vector, up to `count` corpus claims as (key, exact cosine), best first.

        The HNSW graph proposes; cosines are recomputed from the float32 vectors so that scores
        match what `compare` would compute and ties break the same way (by key) on every run.
        """
        queries = np.asarray(queries, dtype=np.float32)
        if len(queries) == 0:
            return []
        index = self._load_index()
        if index is None or len(index) == 0:
            return [[] for _ in range(len(queries))]
        if queries.shape[1] != self.dimensions:
            raise ClaimdiffError(f"query vectors have {queries.shape[1]} dimensions, the store {self.dimensions}")
        matches = index.search(queries, min(count, len(index)), threads=1)
        if hasattr(matches, "counts"):
            keys_per_query = [[int(k) for k in matches.keys[i][: matches.counts[i]]] for i in range(len(queries))]
        else:  # a single query comes back as one Matches, not a batch
            keys_per_query = [[int(k) for k in matches.keys]]
        all_keys = sorted({k for keys in keys_per_query for k in keys})
        vectors = self.vectors(all_keys)
        row_of = {k: i for i, k in enumerate(all_keys)}
        result = []
        for query, keys in zip(queries, keys_per_query):
            scored = [(k, round(float(vectors[row_of[k]] @ query), 6)) for k in keys]
            result.append(sorted(scored, key=lambda item: (-item[1], item[0])))
        return result

    # -- the ANN index file

    def _index_path(self, generation: str | None = None) -> Path | None:
        name = self.meta.get("index_file") if generation is None else f"claims-{generation}.usearch"
        return self.path / name if name else None

    def _new_index(self):
        from usearch.index import Index

        return Index(
            ndim=self.dimensions,
            metric="cos",
            dtype="f16",
            connectivity=int(self.meta.get("ann_connectivity", self.options.ann_connectivity)),
            expansion_add=int(self.meta.get("ann_expansion_add", self.options.ann_expansion_add)),
            expansion_search=self.options.ann_expansion_search,
        )

    def _load_index(self):
        """The graph named in the database; rebuilt from sqlite if it is missing or out of step."""
        if self._index is not None:
            return self._index
        if self.dimensions == 0:
            return None
        from usearch.index import Index

        path = self._index_path()
        _, claim_count = self.counts()
        index = None
        stale = self.connection.execute("SELECT value FROM meta WHERE key = 'index_stale'").fetchone()
        if path is not None and path.is_file() and not (stale and stale[0] == "1"):
            try:
                index = Index.restore(str(path), view=True)
            except Exception:  # noqa: BLE001 - any unreadable index is rebuilt from the database
                index = None
        if index is None or len(index) != claim_count or index.ndim != self.dimensions:
            index = self._rebuild_index()
        index.expansion_search = self.options.ann_expansion_search
        self._index = index
        return index

    def _rebuild_index(self):
        index = self._new_index()
        batch_keys, batch_vectors = [], []
        for key, blob in self.connection.execute("SELECT key, vector FROM claims ORDER BY key"):
            batch_keys.append(key)
            batch_vectors.append(np.frombuffer(blob, dtype=np.float32))
            if len(batch_keys) == 4096:
                index.add(np.asarray(batch_keys, dtype=np.uint64), np.stack(batch_vectors), threads=1)
                batch_keys, batch_vectors = [], []
        if batch_keys:
            index.add(np.asarray(batch_keys, dtype=np.uint64), np.stack(batch_vectors), threads=1)
        return index

    def _remove_orphan_index_files(self) -> None:
        current = self.meta.get("index_file")
        for stale in self.path.glob("claims-*.usearch"):
            if stale.name != current:
                try:
                    stale.unlink()
                except OSError:
                    pass

    # -- writing

    def sync(self, corpus: Path, embedder, *, max_bytes: int, progress: Progress = lambda message: None) -> IndexStats:
        """Make the store mirror the corpus folder: embed what is new or changed, drop what is gone."""
        import time

        from claimdiff import claims as claim_stage
        from claimdiff import ingest

        started = time.perf_counter()
        corpus = Path(corpus)
        if not corpus.is_dir():
            raise ClaimdiffError(f"corpus folder not found: {corpus}")
        self._remove_orphan_index_files()
        files = corpus_files(corpus)
        known = self.document_paths()
        current = {f.relative_to(corpus).as_posix(): f for f in files}
        hashes = {rel: _sha256(f) for rel, f in current.items()}
        removed = sorted(set(known) - set(current))
        changed = sorted(rel for rel in current if rel in known and known[rel] != hashes[rel])
        added = sorted(rel for rel in current if rel not in known)
        unchanged = len(current) - len(changed) - len(added)
        todo = changed + added
        progress(f"{len(added)} new, {len(changed)} changed, {len(removed)} removed, {unchanged} unchanged files")

        encoded_before = embedder.encoded
        dropped_keys: list[int] = []
        new_rows: list[tuple[int, np.ndarray]] = []
        with self.connection:
            self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('corpus_root', ?)", (str(corpus.resolve()),))
            self.meta["corpus_root"] = str(corpus.resolve())
            if removed or todo:  # until the new graph is saved, readers rebuild it from the database
                self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('index_stale', '1')")
            for rel in removed:
                dropped_keys += [k for (k,) in self.connection.execute("SELECT key FROM claims WHERE path = ?", (rel,))]
                self.connection.execute("DELETE FROM documents WHERE path = ?", (rel,))
        claims_added = 0
        skipped: list[str] = []
        for start in range(0, len(todo), INGEST_BATCH):
            batch = todo[start : start + INGEST_BATCH]
            extracted = []
            for rel in batch:
                # One file per call, so each Document belongs to its file, and one bad file in a corpus
                # of thousands is skipped (and reported) instead of stopping the whole build.
                try:
                    loaded = ingest.load_documents([str(current[rel])], max_bytes=max_bytes)
                except ClaimdiffError as error:
                    skipped.append(f"{rel}: {error}")
                    loaded = []
                document = loaded[0] if loaded else None
                doc_claims = claim_stage.extract_claims(document) if document is not None else []
                extracted.append((rel, document, doc_claims))
            file_vectors = [embed_texts(embedder, [c.text for c in doc_claims]) if doc_claims else None for _, _, doc_claims in extracted]
            for vectors in file_vectors:
                if vectors is not None:
                    self._set_dimensions(vectors.shape[1])
            with self.connection:
                for (rel, document, doc_claims), vectors in zip(extracted, file_vectors):
                    dropped_keys += [k for (k,) in self.connection.execute("SELECT key FROM claims WHERE path = ?", (rel,))]
                    self.connection.execute("DELETE FROM documents WHERE path = ?", (rel,))
                    if document is None:  # ingest refused it: remember the hash so it is not re-read, index nothing
                        document = Document(id=f"unreadable:{rel}", text="", source=str(current[rel]))
                    doc_id = self._unique_doc_id(document.id, rel)
                    self.connection.execute(
                        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (rel, hashes[rel], doc_id, document.source, document.title, document.date, document.text),
                    )
                    spans = locate_claims(read_raw(str(current[rel])), document, doc_claims)
                    for row, (claim, span) in enumerate(zip(doc_claims, spans)):
                        vector = np.asarray(vectors[row], dtype=np.float32)
                        claim_id = claim.id if doc_id == document.id else f"{doc_id}#{claim.index}"
                        cursor = self.connection.execute(
                            "INSERT INTO claims (path, claim_id, doc_id, idx, text, start, \"end\", sentence_start, sentence_end, headline, question, line, col, end_line, end_col, vector) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (rel, claim_id, doc_id, claim.index, claim.text, claim.start, claim.end, claim.sentence_start, claim.sentence_end,
                             int(claim.headline), int(claim.question), span.line, span.column, span.end_line, span.end_column, vector.tobytes()),
                        )
                        new_rows.append((cursor.lastrowid, vector))
                        claims_added += 1
            progress(f"indexed {min(start + INGEST_BATCH, len(todo))}/{len(todo)} files")
        if removed or todo:
            self._write_index(dropped_keys, new_rows)
        documents, claim_count = self.counts()
        return IndexStats(
            added=len(added), updated=len(changed), removed=len(removed), unchanged=unchanged,
            claims_added=claims_added, claims_removed=len(dropped_keys),
            texts_embedded=embedder.encoded - encoded_before,
            skipped=tuple(skipped),
            documents=documents, claims=claim_count, seconds=time.perf_counter() - started,
        )

    def _set_dimensions(self, dimensions: int) -> None:
        if self.dimensions == dimensions:
            return
        if self.dimensions:
            raise ClaimdiffError(f"embedding model gave {dimensions}-dimensional vectors, the store holds {self.dimensions}")
        with self.connection:
            self.connection.execute("UPDATE meta SET value = ? WHERE key = 'dimensions'", (str(dimensions),))
        self.meta["dimensions"] = str(dimensions)

    def _unique_doc_id(self, doc_id: str, rel: str) -> str:
        """ingest's id unless another file of the corpus already has it (ids are unique per ingest call only)."""
        candidate, n = doc_id, 1
        while True:
            row = self.connection.execute("SELECT path FROM documents WHERE doc_id = ?", (candidate,)).fetchone()
            if row is None or row[0] == rel:
                return candidate
            n += 1
            candidate = f"{doc_id}~{n}"

    def _write_index(self, dropped_keys: Sequence[int], new_rows: Sequence[tuple[int, np.ndarray]]) -> None:
        """Update the graph, save it under the next generation, and name it in the database."""
        if self.dimensions == 0:  # nothing embedded yet: there is no graph to write
            with self.connection:
                self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('index_stale', '0')")
            return
        index = None
        old_path = self._index_path()
        if old_path is not None and old_path.is_file():
            from usearch.index import Index

            try:
                index = Index.restore(str(old_path), view=False)
            except Exception:  # noqa: BLE001 - rebuilt below
                index = None
        _, claim_count = self.counts()
        if index is not None and index.ndim == self.dimensions:
            present = [k for k in dropped_keys if k in index]
            if present:
                index.remove(np.asarray(present, dtype=np.uint64))
            if new_rows:
                index.add(np.asarray([k for k, _ in new_rows], dtype=np.uint64), np.stack([v for _, v in new_rows]), threads=1)
        if index is None or len(index) != claim_count:
            index = self._rebuild_index()
        generation = str(int(self.meta.get("generation", "0")) + 1)
        new_path = self._index_path(generation)
        index.save(str(new_path))
        with self.connection:
            self.connection.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (generation,))
            self.connection.execute("UPDATE meta SET value = ? WHERE key = 'index_file'", (new_path.name,))
            self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('index_stale', '0')")
        self.meta.update(generation=generation, index_file=new_path.name, index_stale="0")
        self._index = None
        if old_path is not None and old_path != new_path:
            try:
                old_path.unlink()
            except OSError:
                pass
