#!/usr/bin/env python3
"""A minimal Grid Dispatch webhook receiver: verifies the signature, dedupes by deliveryId, keeps
each ticket's events in seq order. Standard library only.

    WEBHOOK_SECRET='...' python3 webhook_receiver.py [port]
"""
import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["WEBHOOK_SECRET"].encode()
seen_deliveries = set()  # a real receiver keeps these in its database, with the work they caused
last_seq = {}            # ticket id -> the last seq applied


def signed(body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header or "")


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signed(body, self.headers.get("X-Grid-Dispatch-Signature")):
            return self.answer(401)
        delivery = json.loads(body)
        if delivery["deliveryId"] in seen_deliveries:
            return self.answer(200)  # a repeat: already handled
        ticket, event = delivery["ticket"], delivery["event"]
        if event["seq"] <= last_seq.get(ticket["id"], 0):
            print(f"late event {event['type']} #{event['seq']} of {ticket.get('number')}: already past it")
        else:
            last_seq[ticket["id"]] = event["seq"]
            print(f"{ticket.get('number')} #{event['seq']} {event['type']} -> status {ticket.get('status')}")
        seen_deliveries.add(delivery["deliveryId"])
        self.answer(200)

    def answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8099
    HTTPServer(("127.0.0.1", port), Hook).serve_forever()
