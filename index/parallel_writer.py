"""Whoosh's two-process writer, made safe against `kill -9` of the parent.

Whoosh's MpWriter children wait on a job queue; if the parent is killed they wait forever and
keep the index lock, so no later run can write. Here each child asks Linux to kill it when its
parent dies (prctl PR_SET_PDEATHSIG). Where that is not available, no parallel writer is made.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys

from whoosh.multiproc import MpWriter, SubWriterTask

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask Linux to kill this process when its parent dies (True when it will)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0


class _Child(SubWriterTask):
    def run(self) -> None:
        die_with_parent()
        super().run()


class _Writer(MpWriter):
    def _new_task(self):
        task = _Child(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                      self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def available() -> bool:
    """True on Linux with the fork start method (the children inherit the parent's setup)."""
    import multiprocessing

    return sys.platform.startswith("linux") and multiprocessing.get_start_method() == "fork"


def writer(ix, procs: int, **kwargs):
    """A multi-process writer whose children cannot outlive this process."""
    return _Writer(ix, procs=procs, **kwargs)
