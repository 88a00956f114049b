package dev.hubkeep.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code email_verifications} table, on the caller's handle. */
final class EmailVerificationRepository {

    private final Handle handle;

    EmailVerificationRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(EmailVerification verification, String tokenDigest) {
        handle.createUpdate("INSERT INTO email_verifications (id, user_id, email, token_digest, created_at, expires_at)"
                        + " VALUES (:id, :userId, :email, :digest, :createdAt, :expiresAt)")
                .bind("id", verification.id())
                .bind("userId", verification.userId())
                .bind("email", verification.email())
                .bind("digest", tokenDigest)
                .bind("createdAt", verification.createdAt().toEpochMilli())
                .bind("expiresAt", verification.expiresAt().toEpochMilli())
                .execute();
    }

    Optional<EmailVerification> findByDigest(String tokenDigest) {
        return handle.createQuery("SELECT id, user_id, email, created_at, expires_at, used_at"
                        + " FROM email_verifications WHERE token_digest = :digest")
                .bind("digest", tokenDigest)
                .map(EmailVerificationRepository::map)
                .findOne();
    }

    /** Marks the link used; false if another request used it first. */
    boolean markUsed(String id, Instant at) {
        return handle.createUpdate("UPDATE email_verifications SET used_at = :at WHERE id = :id AND used_at IS NULL")
                        .bind("at", at.toEpochMilli())
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** The user's links created at or after {@code since}, newest first. */
    List<EmailVerification> createdSince(String userId, Instant since) {
        return handle.createQuery("SELECT id, user_id, email, created_at, expires_at, used_at FROM email_verifications"
                        + " WHERE user_id = :userId AND created_at >= :since ORDER BY created_at DESC")
                .bind("userId", userId)
                .bind("since", since.toEpochMilli())
                .map(EmailVerificationRepository::map)
                .list();
    }

    private static EmailVerification map(ResultSet rs, StatementContext ctx) throws SQLException {
        long used = rs.getLong("used_at");
        Optional<Instant> usedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(used));
        return new EmailVerification(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("email"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                usedAt);
    }
}
