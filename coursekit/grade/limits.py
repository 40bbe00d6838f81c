"""What a notebook's process does to itself before any student code runs.

* Memory: ``RLIMIT_AS`` caps the address space, so an allocation past the limit raises
  ``MemoryError`` in the student's cell instead of exhausting the machine (POSIX; macOS
  accepts the call but does not enforce it).
* CPU: ``RLIMIT_CPU`` a little above the wall-time limit, a backstop should the grader's own
  kill fail (POSIX).
* Output files: ``RLIMIT_FSIZE`` caps any one file the notebook writes (POSIX), so a flood
  into a file cannot fill the disk; a write past it fails with an error in the cell.
* Network: on Linux the process moves into a network namespace of its own, with no
  interface but a loopback that is down, so every connection fails. That needs
  ``unshare(CLONE_NEWNET)``: root (or CAP_SYS_ADMIN) may do it directly, other users through a
  user namespace where the kernel allows unprivileged ones. Where neither works, and on
  other systems, the network stays open and :func:`block_network` says so.

The wall-time limit is the grader's: it started the process in a session of its own and
kills the whole process group when time is up.
"""
from __future__ import annotations

import ctypes
import os
import sys

__all__ = [
    "CLONE_NEWNET", "CLONE_NEWUSER", "MAX_FILE_BYTES", "block_network", "set_resource_limits",
]

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
#: The largest file a notebook may write.
MAX_FILE_BYTES = 64 * 2**20


def set_resource_limits(memory_bytes: int | None, cpu_seconds: int | None) -> list[str]:
    """Apply the memory, CPU and file-size limits; returns what could not be applied."""
    try:
        import resource
    except ImportError:                      # Windows: none of these exist
        return ["memory", "cpu", "file size"]
    import signal

    failed = []
    wanted = [(resource.RLIMIT_AS, memory_bytes, "memory"), (resource.RLIMIT_CPU, cpu_seconds, "cpu"),
              (resource.RLIMIT_FSIZE, MAX_FILE_BYTES, "file size"), (resource.RLIMIT_CORE, 0, "core")]
    for which, limit, name in wanted:
        if limit is None:
            continue
        try:
            _, hard = resource.getrlimit(which)
            soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            failed.append(name)
    # A write past RLIMIT_FSIZE then fails with an error instead of killing the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return failed


def _unshare(flags: int) -> int:
    """``unshare(2)``: 0 on success, else the errno (os.unshare exists only from Python 3.12)."""
    if hasattr(os, "unshare"):
        try:
            os.unshare(flags)
            return 0
        except OSError as err:
            return err.errno or -1
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "unshare"):
        return -1
    return 0 if libc.unshare(ctypes.c_int(flags)) == 0 else ctypes.get_errno()


def _map_own_ids(uid: int, gid: int) -> None:
    """Inside a new user namespace, keep our own uid and gid (files stay ours)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def block_network() -> str:
    """Cut the network if the platform allows; returns "" or why the network is still open."""
    if not sys.platform.startswith("linux"):
        return f"not blocked: network namespaces exist only on Linux (this is {sys.platform})"
    if _unshare(CLONE_NEWNET) == 0:
        return ""
    uid, gid = os.getuid(), os.getgid()
    err = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    if err:
        return f"not blocked: unshare(CLONE_NEWNET) refused ({os.strerror(err) if err > 0 else 'unavailable'})"
    try:
        _map_own_ids(uid, gid)
    except OSError:
        pass                                 # still cut off; files just show as owned by nobody
    return ""
