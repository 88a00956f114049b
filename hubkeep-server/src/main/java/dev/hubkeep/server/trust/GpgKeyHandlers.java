package dev.hubkeep.server.trust;

import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/settings/gpg-keys}: list, add ({@code {"key": "<ASCII-armored public key>"}}) and
 * delete one's keys; {@code /api/signing-key}: the hub's own.
 */
public final class GpgKeyHandlers {

    private final GpgKeyService keys;
    private final ServerSigningKey hubKey;

    public GpgKeyHandlers(GpgKeyService keys, ServerSigningKey hubKey) {
        this.keys = keys;
        this.hubKey = hubKey;
    }

    /** {@code GET /api/signing-key}: the hub's own public key, which signs the commits it makes, for {@code gpg --import}. */
    public void hubKey(Context ctx) {
        ctx.contentType("application/pgp-keys").result(hubKey.publicKeyArmored());
    }

    public void list(Context ctx) {
        ctx.json(keys.list(Requests.user(ctx).userId()).stream().map(GpgKeyHandlers::json).toList());
    }

    public void add(Context ctx) {
        String armored = JsonBody.read(ctx).requiredString("key");
        ctx.status(201).json(json(keys.add(Requests.user(ctx).userId(), armored)));
    }

    public void delete(Context ctx) {
        keys.delete(Requests.user(ctx).userId(), ctx.pathParam("id"));
        ctx.status(204);
    }

    private static Map<String, Object> json(GpgKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("keyId", key.keyId());
        json.put("fingerprint", key.fingerprint());
        json.put("subkeyIds", key.keyIds().stream().filter(id -> !id.equals(key.keyId())).toList());
        json.put("emails", key.emails());
        json.put("createdAt", key.createdAt().toString());
        json.put("expiresAt", key.expiresAt().map(Object::toString).orElse(null));
        json.put("addedAt", key.addedAt().toString());
        json.put("publicKey", key.armored());
        return json;
    }
}
