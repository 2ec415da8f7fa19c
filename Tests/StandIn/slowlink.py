#!/usr/bin/env python3
"""A slow link for the bastion tests: a TCP relay on 127.0.0.1 between an ssh
client and sshd that can limit the server-to-client direction to a few hundred
bytes a second (9600 baud is ~960 bytes/s), as a congested link does.

The client-to-server direction (keys) is never limited. The socket towards the
server gets a small receive buffer, so sshd's bytes wait in sshd rather than in
this relay: the congestion reaches sshd and, once its channel window is spent,
the far side's pty.

It starts unlimited (the far side's first screen arrives at once); SIGUSR1
limits it to --rate bytes/s from then on. It writes the port it
listens on to --port-file, and after every forwarded chunk the bytes sent each
way so far to --stats-file ("down UP" on one line: server-to-client first).
Loopback only.
"""
import argparse
import os
import signal
import socket
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--target", type=int, required=True, help="the server's port on 127.0.0.1")
parser.add_argument("--rate", type=int, default=960, help="bytes/s server-to-client once limited")
parser.add_argument("--port-file", required=True)
parser.add_argument("--stats-file", required=True)
args = parser.parse_args()

limited = threading.Event()
signal.signal(signal.SIGUSR1, lambda *_: limited.set())

counts = {"down": 0, "up": 0}
counts_lock = threading.Lock()

# Sends of a tenth of a second's worth: 96 bytes at 960 bytes/s.
TICK = 0.1


def write_atomically(path, text):
    temporary = path + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(text)
    os.replace(temporary, path)


def count(direction, size):
    with counts_lock:
        counts[direction] += size
        write_atomically(args.stats_file, f"{counts['down']} {counts['up']}\n")


def pump(source, sink, direction):
    """Copies source to sink; the down direction at most --rate bytes/s while limited."""
    try:
        while True:
            if direction == "down" and limited.is_set():
                started = time.monotonic()
                data = source.recv(max(1, int(args.rate * TICK)))
                if not data:
                    break
                sink.sendall(data)
                count(direction, len(data))
                left = TICK * len(data) / max(1, int(args.rate * TICK)) - (time.monotonic() - started)
                if left > 0:
                    time.sleep(left)  # pacing the link, not waiting for a result
            else:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
                count(direction, len(data))
    except OSError:
        pass
    for end in (source, sink):
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Small buffers: what the link cannot carry stays in sshd.
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    server.connect(("127.0.0.1", args.target))
    client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    threading.Thread(target=pump, args=(client, server, "up"), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, "down"), daemon=True).start()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(4)
write_atomically(args.stats_file, "0 0\n")
write_atomically(args.port_file, f"{listener.getsockname()[1]}\n")
while True:
    connection, _ = listener.accept()
    serve(connection)
