"""Audit hook for agents' Python processes (put on ``PYTHONPATH`` by the runners).

Python imports ``sitecustomize`` at start-up; this one adds an audit hook
(``sys.addaudithook``, which cannot be removed) that appends one JSON line per event of
interest to ``$MLE_INTEGRITY_AUDIT``: connections and name lookups to non-loopback hosts,
reads outside the workspace and the interpreter's own folders, scripts and programs run.
Only the standard library is used, and nothing is raised: an agent is observed, not stopped.
"""

import json
import os
import sys

_PATH = os.environ.get("MLE_INTEGRITY_AUDIT")
_LOOPBACK = ("localhost", "127.", "::1", "0:0:0:0:0:0:0:1")
_SYSTEM = ("/usr/", "/lib/", "/lib64/", "/etc/", "/proc/", "/sys/", "/dev/", "/bin/", "/sbin/")


def _roots() -> tuple[str, ...]:
    roots = [os.environ.get("AGENT_HOME", ""), sys.prefix, sys.base_prefix, sys.exec_prefix]
    roots += [p for p in sys.path if p and os.path.isabs(p)]
    roots += os.environ.get("MLE_INTEGRITY_ALLOW", "").split(os.pathsep)
    return tuple(os.path.join(os.path.realpath(r), "") for r in roots if r)


_ROOTS = _roots() if _PATH else ()
_WRITTEN: set[str] = set()  # files this process wrote itself may be read back anywhere
_MADE: list[str] = []  # and folders it made (a temporary directory), with what is in them
_FD = -1
_BUSY = False


def _emit(event: str, **fields: object) -> None:
    global _BUSY
    if _FD < 0 or _BUSY:
        return
    _BUSY = True
    try:
        line = json.dumps({"event": event, "pid": os.getpid(), **fields}, default=str)
        os.write(_FD, line.encode() + b"\n")
    except (OSError, ValueError, TypeError):
        pass
    finally:
        _BUSY = False


def _outside(path: str) -> bool:
    full = os.path.join(os.path.realpath(path), "")
    return not full.startswith(_ROOTS + _SYSTEM + tuple(_MADE)) and full not in _WRITTEN


def _remote(host: str) -> bool:
    return bool(host) and not host.startswith(_LOOPBACK)


def _is_write(mode: object, flags: object) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))


def _hook(event: str, args: tuple) -> None:
    if _BUSY:
        return
    try:
        if event == "open":
            path, mode, flags = args
            if not isinstance(path, (str, bytes)):
                return
            path = os.fsdecode(path)
            if _is_write(mode, flags):
                _WRITTEN.add(os.path.join(os.path.realpath(path), ""))
            elif _outside(path):
                _emit("read", path=os.path.abspath(path))
        elif event == "os.mkdir":
            if args and isinstance(args[0], (str, bytes)):
                _MADE.append(os.path.join(os.path.realpath(os.fsdecode(args[0])), ""))
        elif event in ("os.listdir", "os.scandir"):
            path = args[0] if args and isinstance(args[0], (str, bytes)) else "."
            if _outside(os.fsdecode(path)):
                _emit("list", path=os.path.abspath(os.fsdecode(path)))
        elif event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and _remote(str(address[0])):
                _emit("connect", host=str(address[0]), port=address[1])
        elif event == "socket.getaddrinfo":
            host = args[0]
            host = host.decode() if isinstance(host, bytes) else host
            if host and _remote(str(host)):
                _emit("resolve", host=str(host))
        elif event in ("cpython.run_file", "cpython.run_module"):
            _emit(
                "run",
                path=os.path.abspath(str(args[0])) if event.endswith("file") else "",
                module=str(args[0]) if event.endswith("module") else "",
            )
        elif event == "subprocess.Popen":
            _emit("exec", executable=str(args[0]), args=[str(a) for a in (args[1] or [])][:20])
    except Exception:  # noqa: BLE001 - an observer must never break the agent
        pass


def _chain() -> None:
    """Run the ``sitecustomize`` this one shadows, if the interpreter has one."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    path = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is not None and spec.loader is not None:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


if _PATH:
    try:
        _FD = os.open(_PATH, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        _emit("start", home=os.environ.get("AGENT_HOME", ""), argv=sys.argv, python=sys.version)
        sys.addaudithook(_hook)
    except (OSError, AttributeError):  # AttributeError: Python < 3.8 has no audit hooks
        _FD = -1
try:
    _chain()
except Exception:  # noqa: BLE001 - the shadowed file's own failure, as site would only warn
    pass
