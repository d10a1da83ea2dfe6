#!/usr/bin/env python3
"""A deterministic OpenAI-compatible inference server for DGrid's integration tests.

POST /v1/chat/completions answers from the request alone, so a test knows the answer in advance:
content = "echo(<seed>): <the last message's content>", cut to `max_tokens` words; usage counts
words (4 per message for the chat template, plus the words of every message; the words of the
answer). GET /v1/models lists the model asked for last.

Modes (--mode): honest (as above), slow (answers after --delay seconds), 500 (HTTP 500),
garbage (HTTP 200 with a body that is not JSON), cheat (a cheaper model's answer: other words,
"lorem ipsum ...", billed with the honest answer's usage).

Prints "listening on PORT" once ready; --port 0 picks a free port.
"""
import argparse
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


CHEAP = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"


def answer(request, cheat=False):
    messages = request.get("messages", [])
    seed = request.get("seed")
    last = messages[-1].get("content", "") if messages else ""
    words = f"echo({seed}): {last}".split()
    billed = len(words[: int(request.get("max_tokens") or len(words))])
    if cheat:
        words = CHEAP.split()
    max_tokens = int(request.get("max_tokens") or len(words))
    words = words[:max_tokens]
    prompt = sum(4 + len(str(m.get("content", "")).split()) for m in messages)
    completion = billed if cheat else len(words)
    return {
        "id": f"chatcmpl-{seed}",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", ""),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": " ".join(words)},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def handler(mode, delay):
    class Handler(BaseHTTPRequestHandler):
        last_model = "dgrid-echo-1"

        def reply(self, status, body, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path != "/v1/models":
                return self.reply(404, b'{"error":"not found"}')
            body = {"object": "list", "data": [{"id": Handler.last_model, "object": "model"}]}
            self.reply(200, json.dumps(body).encode())

        def read_body(self):
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                raw = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return raw
                    raw += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self):
            raw = self.read_body()
            if self.path != "/v1/chat/completions":
                return self.reply(404, b'{"error":"not found"}')
            try:
                request = json.loads(raw)
            except ValueError:
                return self.reply(400, b'{"error":"bad json"}')
            Handler.last_model = request.get("model", Handler.last_model)
            if mode == "500":
                return self.reply(500, b'{"error":"internal"}')
            if mode == "garbage":
                return self.reply(200, b"<html>surprise</html>", "text/html")
            if mode == "slow":
                time.sleep(delay)
            self.reply(200, json.dumps(answer(request, cheat=mode == "cheat")).encode())

        def log_message(self, fmt, *args):
            sys.stderr.write("fake-openai: " + (fmt % args) + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", choices=["honest", "slow", "500", "garbage", "cheat"], default="honest")
    parser.add_argument("--delay", type=float, default=30.0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(args.mode, args.delay))
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
