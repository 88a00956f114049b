// Calls whoAmI() of the real @huggingface/hub client against HUB_URL with HF_TOKEN, and prints
// what the client made of the answer, as JSON, for the Java test that runs this script to check.
import { whoAmI } from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
try {
  const me = await whoAmI({ accessToken, hubUrl });
  console.log(JSON.stringify({
    ok: true,
    type: me.type,
    name: me.name,
    email: me.email,
    orgs: me.orgs,
    tokenName: me.auth?.accessToken?.displayName,
    tokenRole: me.auth?.accessToken?.role,
    tokenCreatedAt: me.auth?.accessToken?.createdAt instanceof Date ? me.auth.accessToken.createdAt.toISOString() : null,
  }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, name: error.name, statusCode: error.statusCode ?? null, message: error.message }));
}
