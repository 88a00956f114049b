package dev.hubkeep.server.oauth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code oauth_device_codes} table, on the caller's handle. */
final class DeviceCodeRepository {

    private static final String COLUMNS = "id, user_code, client_id, requested_from, created_at, expires_at,"
            + " interval_seconds, last_polled_at, status, user_id, role";

    private final Handle handle;

    DeviceCodeRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(DeviceCode code, String deviceCodeDigest) {
        handle.createUpdate("INSERT INTO oauth_device_codes (id, device_code_digest, user_code, client_id, requested_from,"
                        + " created_at, expires_at, interval_seconds, status)"
                        + " VALUES (:id, :digest, :userCode, :clientId, :from, :createdAt, :expiresAt, :interval, :status)")
                .bind("id", code.id())
                .bind("digest", deviceCodeDigest)
                .bind("userCode", code.userCode())
                .bind("clientId", code.clientId())
                .bind("from", code.requestedFrom())
                .bind("createdAt", code.createdAt().toEpochMilli())
                .bind("expiresAt", code.expiresAt().toEpochMilli())
                .bind("interval", (int) code.interval().toSeconds())
                .bind("status", code.status())
                .execute();
    }

    Optional<DeviceCode> findByDigest(String digest) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM oauth_device_codes WHERE device_code_digest = :digest")
                .bind("digest", digest)
                .map(DeviceCodeRepository::map)
                .findOne();
    }

    Optional<DeviceCode> findByUserCode(String userCode) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM oauth_device_codes WHERE user_code = :code")
                .bind("code", userCode)
                .map(DeviceCodeRepository::map)
                .findOne();
    }

    boolean userCodeTaken(String userCode) {
        return findByUserCode(userCode).isPresent();
    }

    void polled(String id, Instant at, Duration interval) {
        handle.createUpdate("UPDATE oauth_device_codes SET last_polled_at = :at, interval_seconds = :interval WHERE id = :id")
                .bind("at", at.toEpochMilli())
                .bind("interval", (int) interval.toSeconds())
                .bind("id", id)
                .execute();
    }

    /** Approves or denies a pending code; false when it was decided (or redeemed) already. */
    boolean decide(String id, String status, String userId, Optional<String> role, Instant at) {
        return handle.createUpdate("UPDATE oauth_device_codes SET status = :status, user_id = :user, role = :role,"
                                + " decided_at = :at WHERE id = :id AND status = 'pending'")
                        .bind("status", status)
                        .bind("user", userId)
                        .bind("role", role.orElse(null))
                        .bind("at", at.toEpochMilli())
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Redeems an approved code, once: false for the second of two polls racing. */
    boolean redeem(String id) {
        return handle.createUpdate("UPDATE oauth_device_codes SET status = 'redeemed' WHERE id = :id AND status = 'approved'")
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Codes requested from {@code address} that are still live, to bound how many one address holds. */
    int liveFrom(String address, Instant now) {
        return handle.createQuery("SELECT COUNT(*) FROM oauth_device_codes WHERE requested_from = :from AND expires_at > :now"
                        + " AND status IN ('pending', 'approved')")
                .bind("from", address)
                .bind("now", now.toEpochMilli())
                .mapTo(Integer.class)
                .one();
    }

    /** Forgets codes long expired: they can do nothing, and a user code may be drawn again. */
    void deleteExpiredBefore(Instant cutoff) {
        handle.createUpdate("DELETE FROM oauth_device_codes WHERE expires_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute();
    }

    private static DeviceCode map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        long polled = rs.getLong("last_polled_at");
        Optional<Instant> lastPolled = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(polled));
        return new DeviceCode(
                rs.getString("id"),
                rs.getString("user_code"),
                rs.getString("client_id"),
                rs.getString("requested_from"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")),
                Duration.ofSeconds(rs.getInt("interval_seconds")),
                lastPolled,
                rs.getString("status"),
                Optional.ofNullable(rs.getString("user_id")),
                Optional.ofNullable(rs.getString("role")));
    }
}
