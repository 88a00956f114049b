package dev.hubkeep.server.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code oauth_device_grants} table: the tokens device logins made, with their refresh tokens. */
final class DeviceGrantRepository {

    /** A token a device login made, found by its refresh token. */
    record Grant(String tokenId, String userId, String clientId, Instant refreshExpiresAt) {}

    /** A device login's token as the tokens page labels it. */
    record Made(String tokenId, String clientId) {}

    private final Handle handle;

    DeviceGrantRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(String tokenId, String userId, String clientId, String refreshDigest, Instant refreshExpiresAt, Instant at) {
        handle.createUpdate("INSERT INTO oauth_device_grants (token_id, user_id, client_id, refresh_digest,"
                        + " refresh_expires_at, created_at) VALUES (:token, :user, :client, :digest, :expires, :at)")
                .bind("token", tokenId)
                .bind("user", userId)
                .bind("client", clientId)
                .bind("digest", refreshDigest)
                .bind("expires", refreshExpiresAt.toEpochMilli())
                .bind("at", at.toEpochMilli())
                .execute();
    }

    Optional<Grant> findByRefreshDigest(String digest) {
        return handle.createQuery("SELECT token_id, user_id, client_id, refresh_expires_at FROM oauth_device_grants"
                        + " WHERE refresh_digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> new Grant(rs.getString("token_id"), rs.getString("user_id"), rs.getString("client_id"),
                        Instant.ofEpochMilli(rs.getLong("refresh_expires_at"))))
                .findOne();
    }

    /** Replaces the refresh token, if {@code oldDigest} is still the current one (one of two racing refreshes wins). */
    boolean rotate(String tokenId, String oldDigest, String newDigest, Instant newExpiry, Instant at) {
        return handle.createUpdate("UPDATE oauth_device_grants SET refresh_digest = :new, refresh_expires_at = :expires,"
                                + " refreshed_at = :at WHERE token_id = :token AND refresh_digest = :old")
                        .bind("new", newDigest)
                        .bind("expires", newExpiry.toEpochMilli())
                        .bind("at", at.toEpochMilli())
                        .bind("token", tokenId)
                        .bind("old", oldDigest)
                        .execute()
                == 1;
    }

    /** Keeps a replaced refresh token's digest until it would have expired, to recognise it if it comes back. */
    void retire(String tokenId, String digest, Instant expiresAt, Instant now) {
        handle.createUpdate("DELETE FROM oauth_retired_refresh_tokens WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute();
        handle.createUpdate("INSERT INTO oauth_retired_refresh_tokens (refresh_digest, token_id, expires_at)"
                        + " VALUES (:digest, :token, :expires)")
                .bind("digest", digest)
                .bind("token", tokenId)
                .bind("expires", expiresAt.toEpochMilli())
                .execute();
    }

    /** The login a replaced, not yet expired refresh token belonged to, while that login lasts. */
    Optional<Grant> findByRetiredDigest(String digest, Instant now) {
        return handle.createQuery("SELECT g.token_id, g.user_id, g.client_id, g.refresh_expires_at"
                        + " FROM oauth_retired_refresh_tokens r JOIN oauth_device_grants g ON g.token_id = r.token_id"
                        + " WHERE r.refresh_digest = :digest AND r.expires_at > :now")
                .bind("digest", digest)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new Grant(rs.getString("token_id"), rs.getString("user_id"), rs.getString("client_id"),
                        Instant.ofEpochMilli(rs.getLong("refresh_expires_at"))))
                .findOne();
    }

    /** Ends a login: its refresh token and every replaced one stop meaning anything. */
    void end(String tokenId) {
        handle.createUpdate("DELETE FROM oauth_retired_refresh_tokens WHERE token_id = :token").bind("token", tokenId).execute();
        handle.createUpdate("DELETE FROM oauth_device_grants WHERE token_id = :token").bind("token", tokenId).execute();
    }

    List<Made> madeFor(String userId) {
        return handle.createQuery("SELECT token_id, client_id FROM oauth_device_grants WHERE user_id = :user")
                .bind("user", userId)
                .map((rs, ctx) -> new Made(rs.getString("token_id"), rs.getString("client_id")))
                .list();
    }
}
