"""Processes seen through /proc, for the tests of `make serve` (a stop must leave none)."""

from __future__ import annotations

import os


def _stat(pid) -> list[str]:
    # the command name may hold spaces or ")": the fields follow the last ")"
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def alive(pids) -> list[int]:
    """Those of `pids` still running (a zombie is not)."""
    out = []
    for pid in pids:
        try:
            state = _stat(pid)[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


def descendants(pid: int) -> list[int]:
    """Every process below `pid`: children, their children, ..."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(_stat(entry)[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out
