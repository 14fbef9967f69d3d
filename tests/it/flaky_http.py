"""A fault injector for the CLI's retry tests (not a stand-in for the portal): answers the
first N requests with 503 (Retry-After: 0), then GET /api/v1/me with a valid `Me`, anything
else with 503. Prints its port; appends "METHOD PATH" per request to the log file."""
import http.server
import json
import sys

FAILS = int(sys.argv[1])
LOG = sys.argv[2]
ME = {
    "account": "ci.user", "role": "user", "staff_admin": False, "name": "C", "surname": "I",
    "email": "ci@example.com", "customer_code": "C0001", "company_name": "Demo",
    "permissions": {"assistenza": "own"}, "must_change_password": False,
    "token_kind": "api", "token_expires_at": "2099-01-01T00:00:00.000Z",
}
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        global count
        count += 1
        with open(LOG, "a") as f:
            f.write(f"{self.command} {self.path}\n")
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        if count <= FAILS or not (self.command == "GET" and self.path == "/api/v1/me"):
            body = b'{"code":"unavailable","message":"try later"}'
            self.send_response(503)
            self.send_header("Retry-After", "0")
        else:
            body = json.dumps(ME).encode()
            self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
