"""A real SMTP server for the tests (aiosmtpd): appends each message it accepts to a JSON-lines
file as {from, to, subject, body}, prints its port, and runs until standard input closes.

A recipient `bounceN@…` (N a digit) is refused with 550, a permanent failure, the first N
times and accepted afterwards, to test requeuing failed mail."""
import json
import socket
import sys
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

OUT = sys.argv[1]


class Sink:
    def __init__(self):
        self.bounced = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce") and address[6:7].isdigit():
            seen = self.bounced.get(address, 0)
            if seen < int(address[6]):
                self.bounced[address] = seen + 1
                return "550 5.1.1 mailbox unavailable (test bounce)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        part = msg.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(msg["subject"]),
            "body": part.get_content() if part is not None else "",
        }
        with open(OUT, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        return "250 OK"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print(port, flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
