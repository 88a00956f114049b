package dev.hubkeep.server.accounts;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code sessions} table, on the caller's handle. */
final class SessionRepository {

    private static final RowMapper<Session> SESSION = (rs, ctx) -> new Session(
            rs.getString("id"),
            rs.getString("user_id"),
            Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("expires_at")));

    private final Handle handle;

    SessionRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(Session session, String tokenDigest, String ip) {
        handle.createUpdate("INSERT INTO sessions (id, user_id, token_digest, created_at, expires_at, created_ip)"
                        + " VALUES (:id, :userId, :digest, :createdAt, :expiresAt, :ip)")
                .bind("id", session.id())
                .bind("userId", session.userId())
                .bind("digest", tokenDigest)
                .bind("createdAt", session.createdAt().toEpochMilli())
                .bind("expiresAt", session.expiresAt().toEpochMilli())
                .bind("ip", ip)
                .execute();
    }

    /** The live (not revoked, not expired) session whose secret has this digest. */
    Optional<Session> findLive(String tokenDigest, Instant now) {
        return handle.createQuery("SELECT id, user_id, created_at, expires_at FROM sessions"
                        + " WHERE token_digest = :digest AND revoked_at IS NULL AND expires_at > :now")
                .bind("digest", tokenDigest)
                .bind("now", now.toEpochMilli())
                .map(SESSION)
                .findOne();
    }

    Optional<Session> findLiveById(String id, Instant now) {
        return handle.createQuery("SELECT id, user_id, created_at, expires_at FROM sessions"
                        + " WHERE id = :id AND revoked_at IS NULL AND expires_at > :now")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .map(SESSION)
                .findOne();
    }

    void revokeByDigest(String tokenDigest, Instant at) {
        handle.createUpdate("UPDATE sessions SET revoked_at = :at WHERE token_digest = :digest AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli())
                .bind("digest", tokenDigest)
                .execute();
    }

    /** Ends every live session of the user but the one with digest {@code keepDigest}. */
    void revokeOthers(String userId, String keepDigest, Instant at) {
        handle.createUpdate("UPDATE sessions SET revoked_at = :at"
                        + " WHERE user_id = :user AND token_digest <> :keep AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli())
                .bind("user", userId)
                .bind("keep", keepDigest)
                .execute();
    }

    /** Ends every live session of the user (the account deactivated or deleted). */
    void revokeAll(String userId, Instant at) {
        handle.createUpdate("UPDATE sessions SET revoked_at = :at WHERE user_id = :user AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli())
                .bind("user", userId)
                .execute();
    }
}
