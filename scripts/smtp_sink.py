#!/usr/bin/env python3
"""A real SMTP server for the tests: aiosmtpd on loopback, writing every message it
accepts as one JSON file (envelope, headers, decoded text body, attachments with their
SHA-256) into a directory, so a test can read what was delivered.

    smtp_sink.py --port 2525 --out /tmp/mails

Recipients whose local part starts with "refuse" are refused (550), to test failures.
It serves until its standard input closes (the test that started it ends).
"""

import argparse
import email
import email.policy
import hashlib
import json
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable: " + address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        attachments = []
        for part in message.iter_attachments():
            data = part.get_payload(decode=True) or b""
            attachments.append(
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["from"]),
            "to": str(message["to"]),
            "subject": str(message["subject"]),
            "text": body.get_content() if body is not None else "",
            "attachments": attachments,
        }
        name = f"{self.count:05d}.json"
        partial = os.path.join(self.out, "." + name + ".part")
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(partial, os.path.join(self.out, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    controller = Controller(Sink(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
