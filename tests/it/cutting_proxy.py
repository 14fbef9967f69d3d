"""A fault injector for the resumable-download test (not a stand-in for the portal): a TCP
proxy to the real portal that cuts the connection of the first request whose first line
contains MATCH after CUT bytes of its answer. Prints its port."""
import socket
import sys
import threading

UPSTREAM = ("127.0.0.1", int(sys.argv[1]))
MATCH = sys.argv[2].encode()
CUT = int(sys.argv[3])
cut_done = threading.Event()


def pipe(src, dst, limit=None):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if limit is not None and sent + len(data) >= limit:
                dst.sendall(data[: limit - sent])
                break
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def handle(client):
    up = socket.create_connection(UPSTREAM)
    first = client.recv(65536)
    limit = None
    if MATCH in first.split(b"\r\n", 1)[0] and not cut_done.is_set():
        cut_done.set()
        limit = CUT
    up.sendall(first)
    threading.Thread(target=pipe, args=(client, up), daemon=True).start()
    pipe(up, client, limit)


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
print(srv.getsockname()[1], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
