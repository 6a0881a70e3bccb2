"""A big commit's postings decoded in a process of their own, while the import goes on.

The decoded arrays only speed searches up: a segment without them is answered by Whoosh.
The step of an import after its commit, grouping the articles into stories, reads the index
through Whoosh alone and leaves part of the second core idle. So after a big commit the
arrays are decoded in a fresh process, at a lower priority than the stories' processes, and
the import waits for it at its end (SearchIndex.finish_decoding), doing the work itself if
that process failed.

    python -m briefs.index.search.background_decoding INDEX_FOLDER
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NICE = 10  # below the stories' processes: the decoding takes what they leave idle


class Decoding:
    """A decoding process under way."""

    def __init__(self, process: subprocess.Popen):
        self._process = process

    def finish(self) -> bool:
        """Wait for it; True when it wrote every segment's arrays (what it printed, a
        traceback, say, is not shown: the caller then does the work)."""
        self._process.communicate()
        return self._process.returncode == 0

    def stop(self) -> None:
        """End it now (an import interrupted, the app quitting): the segments it did not
        finish keep no arrays, and the next commit decodes them."""
        self._process.terminate()
        try:
            self._process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.communicate()


def start(index_folder: Path) -> Decoding | None:
    """Start decoding the arrays of every segment of the index that has none (None where a
    process could not be started: the caller decodes them itself)."""
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(index_folder)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError:
        return None
    return Decoding(process)


def decode_index(index_folder: Path) -> None:
    """Write the decoded arrays of every segment of the index in `index_folder` that has none."""
    from whoosh import index

    from briefs.index.search.decoded_postings import DecodedPostings

    with index.open_dir(str(index_folder)).reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        DecodedPostings(index_folder / "decoded").update(leaves, index_folder)


def main(argv: list[str]) -> int:
    from briefs.index import workers

    workers.die_with_parent()
    os.nice(NICE)
    decode_index(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
