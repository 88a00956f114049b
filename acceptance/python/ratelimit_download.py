# Downloads FILENAME of the model REPO with the real huggingface_hub client's hf_hub_download, against
# HUB_URL with HF_TOKEN, while the hub says the caller's 'resolvers' bucket is spent: the client
# should wait until the window resets (as the RateLimit header says) and then succeed. Prints, as one
# line of JSON for the Java test: whether it succeeded, the file's text, the seconds it took, and the
# waits the client logged.
import json
import logging
import os
import sys
import time

hub_url = os.environ["HUB_URL"].rstrip("/")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HUB_DISABLE_XET"] = "1"

from huggingface_hub import hf_hub_download  # noqa: E402


class Waits(logging.Handler):
    """Keeps the client's own warnings, such as 'Rate limited. Waiting 4.0s before retry'."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


waits = Waits()
logging.getLogger("huggingface_hub").addHandler(waits)

started = time.monotonic()
result = {"ok": False}
try:
    path = hf_hub_download(os.environ["REPO"], os.environ["FILENAME"], token=os.environ["HF_TOKEN"])
    with open(path, encoding="utf-8") as f:
        result = {"ok": True, "content": f.read()}
except Exception as error:  # the test reads whatever the client raised
    response = getattr(error, "response", None)
    result = {"ok": False, "error": type(error).__name__, "status": getattr(response, "status_code", None),
              "message": str(error)}
result["seconds"] = time.monotonic() - started
result["warnings"] = [m for m in waits.messages if "Rate limited" in m]
print(json.dumps(result))
sys.stdout.flush()
