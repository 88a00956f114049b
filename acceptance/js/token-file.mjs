// The login file from the JavaScript side: the path and format `hf auth login` (and `hubkeep login`)
// use, read and written here around the real @huggingface/hub client, which takes the token as an
// argument and reads no file itself. Prints JSON for the Java test that runs it.
//   node token-file.mjs read    reads the saved login and calls whoAmI() with it
//   node token-file.mjs write   checks LOGIN_TOKEN with whoAmI(), then saves it as the login (mode 0600)
import { whoAmI } from "@huggingface/hub";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

const hubUrl = process.env.HUB_URL;

function tokenPath() {
  if (process.env.HF_TOKEN_PATH) {
    return process.env.HF_TOKEN_PATH;
  }
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(process.env.HF_HOME || join(cache, "huggingface"), "token");
}

async function describe(accessToken) {
  const me = await whoAmI({ accessToken, hubUrl });
  return { name: me.name, tokenName: me.auth?.accessToken?.displayName, tokenRole: me.auth?.accessToken?.role };
}

try {
  const path = tokenPath();
  if (process.argv[2] === "read") {
    const token = (await readFile(path, "utf8")).trim();
    console.log(JSON.stringify({ ok: true, path, ...(await describe(token)) }));
  } else if (process.argv[2] === "write") {
    const token = (process.env.LOGIN_TOKEN ?? "").trim();
    const me = await describe(token);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, token, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
    console.log(JSON.stringify({ ok: true, path, ...me }));
  } else {
    console.log(JSON.stringify({ ok: false, message: "usage: node token-file.mjs read|write" }));
  }
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, statusCode: error.statusCode ?? null, message: error.message }));
}
