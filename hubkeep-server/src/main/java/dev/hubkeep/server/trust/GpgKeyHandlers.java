package dev.hubkeep.server.trust;

import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/settings/gpg-keys}: list, add ({@code {"key": "<ASCII-armored public key>"}}) and
 * delete one's keys; {@code /api/signing-key} and {@code /api/signing-keys}: the hub's own.
 */
public final class GpgKeyHandlers {

    private final GpgKeyService keys;
    private final HubSigningKeys hubKeys;

    public GpgKeyHandlers(GpgKeyService keys, HubSigningKeys hubKeys) {
        this.keys = keys;
        this.hubKeys = hubKeys;
    }

    /**
     * {@code GET /api/signing-key}: the hub's public keys, current and retired, which sign the commits
     * it makes, in one armored block for {@code gpg --import}.
     */
    public void hubKey(Context ctx) {
        ctx.contentType("application/pgp-keys").result(hubKeys.armoredKeys());
    }

    /** {@code GET /api/signing-keys}: the same keys with when each is valid; the current one first. */
    public void hubKeys(Context ctx) {
        ctx.json(hubKeys.published().stream().map(key -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("keyId", key.keyId());
            json.put("fingerprint", key.fingerprint());
            json.put("current", key.retiredAt().isEmpty());
            json.put("createdAt", key.createdAt().toString());
            json.put("retiredAt", key.retiredAt().map(Object::toString).orElse(null));
            json.put("publicKey", key.publicKey());
            return json;
        }).toList());
    }

    public void list(Context ctx) {
        ctx.json(keys.list(Requests.user(ctx).userId()).stream().map(GpgKeyHandlers::json).toList());
    }

    public void add(Context ctx) {
        String armored = JsonBody.read(ctx).requiredString("key");
        GpgKeyService.Added added = keys.add(Requests.user(ctx).userId(), armored);
        ctx.status(added.replaced() ? 200 : 201).json(json(added.key()));
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
