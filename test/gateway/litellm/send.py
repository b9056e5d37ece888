"""Sends one chat request through LiteLLM's Router with one model_list entry exactly as the kit
renders it, to a local stand-in for the provider's API, and prints the JSON body the provider
received. Reads {"entry": <model_list entry>} on stdin. Run with the LiteLLM venv from
scripts/setup/40-litellm.sh: the Router is the release the gateway deploys, so this is what the
provider would really be sent. The stand-in listens on 127.0.0.1 only; `api_base` is pointed at it.
"""

import http.server
import json
import logging
import sys
import threading

logging.disable(logging.WARNING)

from litellm import Router  # noqa: E402

bodies = []


class Provider(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        bodies.append(json.loads(self.rfile.read(int(self.headers.get("content-length", 0)))))
        out = json.dumps(
            {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": "stand-in",
                "content": [{"type": "text", "text": "ok"}],
                "stop_reason": "end_turn",
                "usage": {"input_tokens": 1, "output_tokens": 1},
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


def main() -> None:
    entry = json.load(sys.stdin)["entry"]
    server = http.server.HTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    params = dict(entry["litellm_params"], api_base=f"http://127.0.0.1:{server.server_port}", api_key="sk-local-fake")
    router = Router(model_list=[{"model_name": entry["model_name"], "litellm_params": params}])
    router.completion(model=entry["model_name"], messages=[{"role": "user", "content": "hi"}], max_tokens=5)
    server.shutdown()
    print(json.dumps({"body": bodies[0]}))


main()
