# The inference gateway with the clients the guides use, against a real `transformers serve` behind the
# hub: makes a tiny random GPT-2 (2 layers, n_embd 32, a character-level WordLevel tokenizer, a one-line
# chat template), pushes it to the PRIVATE repository REPO, then asks the hub for text with the guides'
# curl and requests snippets ({"inputs": ...}), huggingface_hub's InferenceClient (chat and text
# generation, streamed and not) and the openai client (chat and completions, streamed and not).
# Prints one line of JSON for InferenceGatewayIT: {"ok", "answers": {name: text}, "models": [...]}.
# Environment: HUB_URL, WRITE_TOKEN (pushes), HF_TOKEN (a read token: every inference call), REPO,
# WORK_DIR, HF_HOME.
import json
import os
import subprocess
import sys
import traceback

hub = os.environ["HUB_URL"].rstrip("/")
os.environ["HF_ENDPOINT"] = hub
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"
repo = os.environ["REPO"]
token = os.environ["HF_TOKEN"]
answers = {}


def push_tiny_model():
    import torch
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    characters = list(" abcdefghijklmnopqrstuvwxyz.,!?")
    vocab = {"[UNK]": 0, **{c: i + 1 for i, c in enumerate(characters)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]")
    tokenizer.chat_template = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    torch.manual_seed(0)
    # No end-of-sequence token the model could produce: every answer runs to max_tokens.
    config = GPT2Config(vocab_size=len(vocab), n_positions=64, n_embd=32, n_layer=2, n_head=2,
                        bos_token_id=None, eos_token_id=None)
    model = GPT2LMHeadModel(config)
    local = os.path.join(os.environ["WORK_DIR"], "tiny-chat")
    model.save_pretrained(local)
    tokenizer.save_pretrained(local)
    from huggingface_hub import HfApi
    api = HfApi(endpoint=hub, token=os.environ["WRITE_TOKEN"])
    api.create_repo(repo, private=True, exist_ok=True)
    api.upload_folder(repo_id=repo, folder_path=local)


def curl_snippet():
    # The guides' curl line, as a reader pastes it (the hub's URL in place of the public one).
    out = subprocess.run(["curl", "-sS", "--fail-with-body", f"{hub}/models/{repo}", "-X", "POST",
                          "-d", '{"inputs": "hello there", "parameters": {"max_new_tokens": 8}}',
                          "-H", "Content-Type: application/json", "-H", f"Authorization: Bearer {token}"],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"curl failed ({out.returncode}): {out.stdout} {out.stderr}")
    return json.loads(out.stdout)[0]["generated_text"]


def requests_snippet():
    import requests
    response = requests.post(f"{hub}/models/{repo}", headers={"Authorization": f"Bearer {token}"},
                             json={"inputs": "hello there", "parameters": {"max_new_tokens": 8}}, timeout=300)
    response.raise_for_status()
    return response.json()[0]["generated_text"]


def inference_client():
    from huggingface_hub import InferenceClient
    client = InferenceClient(base_url=f"{hub}/v1", token=token)
    messages = [{"role": "user", "content": "hello there"}]
    chat = client.chat_completion(messages, model=repo, max_tokens=8)
    answers["InferenceClient.chat_completion"] = chat.choices[0].message.content
    parts = [c.choices[0].delta.content or "" for c in
             client.chat_completion(messages, model=repo, max_tokens=8, stream=True) if c.choices]
    answers["InferenceClient.chat_completion(stream)"] = "".join(parts)
    answers["InferenceClient.chat_completion(stream).chunks"] = len([p for p in parts if p])
    # Text generation goes to a model's task API URL (the client sends no model name to a base URL).
    answers["InferenceClient.text_generation"] = client.text_generation(
        "hello there", model=f"{hub}/models/{repo}", max_new_tokens=8)
    streamed = list(client.text_generation("hello there", model=f"{hub}/models/{repo}", max_new_tokens=8,
                                           stream=True))
    answers["InferenceClient.text_generation(stream)"] = "".join(streamed)
    answers["InferenceClient.text_generation(stream).chunks"] = len([p for p in streamed if p])


def openai_client():
    from openai import OpenAI
    client = OpenAI(base_url=f"{hub}/v1", api_key=token)
    messages = [{"role": "user", "content": "hello there"}]
    chat = client.chat.completions.create(model=repo, messages=messages, max_tokens=8)
    answers["openai.chat.completions"] = chat.choices[0].message.content
    parts = [c.choices[0].delta.content or "" for c in
             client.chat.completions.create(model=repo, messages=messages, max_tokens=8, stream=True) if c.choices]
    answers["openai.chat.completions(stream)"] = "".join(parts)
    answers["openai.chat.completions(stream).chunks"] = len([p for p in parts if p])
    completion = client.completions.create(model=repo + ":main", prompt="hello there", max_tokens=8)
    answers["openai.completions"] = completion.choices[0].text
    return [m.id for m in client.models.list()]


try:
    push_tiny_model()
    answers["curl"] = curl_snippet()
    answers["requests"] = requests_snippet()
    inference_client()
    models = openai_client()
    print(json.dumps({"ok": True, "answers": answers, "models": models}))
except Exception as error:  # noqa: BLE001 - reported to the test
    print(json.dumps({"ok": False, "answers": answers, "error": type(error).__name__, "message": str(error)[:3000],
                      "trace": traceback.format_exception(error)[-8:]}))
    sys.exit(0)
