"""Shared pieces of the hostile-input tests: a server's resident memory (from /proc), and
whether it runs under a sanitizer (whose allocator keeps freed memory in quarantine, so
memory checks mean nothing there)."""

import os
import socket


def rss_mib(pid):
    """Resident set size of process `pid`, in MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def sanitized(pid):
    """True when the process has a sanitizer runtime mapped (ASan, TSan, …)."""
    try:
        with open(f"/proc/{pid}/maps") as f:
            maps = f.read()
    except OSError:
        return False
    return any(name in maps for name in ("libasan", "libtsan", "libubsan", "liblsan"))


def raw_exchange(host, port, data, timeout=10):
    """Sends `data` on a fresh connection and reads until the server closes it or `timeout`
    passes. Returns the bytes received (b"" when the server closed without a word)."""
    sock = socket.create_connection((host, port), timeout=timeout)
    received = b""
    try:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    finally:
        sock.close()
    return received


def status_of(raw):
    """The status code of the first HTTP response in `raw`, or None."""
    if not raw.startswith(b"HTTP/1."):
        return None
    return int(raw.split(b" ", 2)[1])


def closed_by_peer(sock):
    """True when the server has closed `sock` (a read returns end of stream or a reset)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def unused_fd_budget():
    """How many more descriptors this process may open (soft limit minus those open)."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft - len(os.listdir("/proc/self/fd"))
