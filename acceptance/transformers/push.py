# transformers at its defaults (huggingface_hub as transformers pins it, with hf_xet): a tiny random
# model is saved with save_pretrained, pushed with push_to_hub(private=True), and loaded back with
# AutoModel.from_pretrained(token=...). Prints one line of JSON for HubTransformersIT:
# {"ok", "repo", "maxDifference" (largest difference between the pushed and loaded weights), ...}.
# Environment: HUB_URL, HF_TOKEN, WORK_DIR, HF_HOME.
import json
import os
import secrets
import sys
import traceback

os.environ["HF_ENDPOINT"] = os.environ["HUB_URL"].rstrip("/")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"

try:
    import torch
    from transformers import AutoModel, GPT2Config, GPT2Model

    token = os.environ["HF_TOKEN"]
    repo = "alice/tiny-gpt2-" + secrets.token_hex(4)
    torch.manual_seed(0)
    # Big enough that its weights go through Xet like a real checkpoint (about 12 MB).
    model = GPT2Model(GPT2Config(n_embd=256, n_layer=4, n_head=4, vocab_size=2000, n_positions=128))
    local = os.path.join(os.environ["WORK_DIR"], "tiny-gpt2")
    model.save_pretrained(local)
    model.push_to_hub(repo, private=True, token=token)
    loaded = AutoModel.from_pretrained(repo, token=token)
    difference = max((a - b).abs().max().item()
                     for a, b in zip(model.state_dict().values(), loaded.state_dict().values()))
    import huggingface_hub
    files = {f.path: getattr(f, "xet_hash", None)
             for f in huggingface_hub.HfApi(token=token).list_repo_tree(repo)}
    print(json.dumps({"ok": True, "repo": repo, "maxDifference": difference, "files": files,
                      "huggingface_hub": huggingface_hub.__version__, "class": type(loaded).__name__}))
except Exception as error:  # noqa: BLE001 - reported to the test
    print(json.dumps({"ok": False, "error": type(error).__name__, "message": str(error)[:2000],
                      "trace": traceback.format_exception(error)[-6:]}))
    sys.exit(0)
