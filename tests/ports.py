"""Loopback ports for servers the tests start (and for addresses where nothing listens)."""

import socket


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (the OS hands out a fresh one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A port just given back by the OS refuses connections: an address of a server that is down.
closed_port = free_port
