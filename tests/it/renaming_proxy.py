"""A fault injector for the SOAP-fault test (not a stand-in for vtenext): an HTTP proxy to the
real vtenext that renames one SOAP operation in the requests it forwards, so that vtenext
itself answers with its own fault for an operation it does not know (HTTP 500, as SOAP 1.1
prescribes). Everything else passes through unchanged. Prints its port."""
import http.server
import sys
import urllib.error
import urllib.request

UPSTREAM = sys.argv[1].rstrip("/")
FROM = sys.argv[2].encode()
TO = sys.argv[3].encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def forward(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
        }
        if body and b"ns1:" + FROM in body:
            # The call's element, opening and closing (`<ns1:OP xmlns…>` … `</ns1:OP>`).
            body = body.replace(b"ns1:" + FROM + b" ", b"ns1:" + TO + b" ").replace(
                b"ns1:" + FROM + b">", b"ns1:" + TO + b">"
            )
            headers = {
                k: v.replace(FROM.decode(), TO.decode()) if k.lower() == "soapaction" else v
                for k, v in headers.items()
            }
        req = urllib.request.Request(
            UPSTREAM + self.path, data=body, headers=headers, method=self.command
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, rheaders, data = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, rheaders, data = e.code, e.headers, e.read()
        self.send_response(status)
        for k, v in rheaders.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
srv.serve_forever()
