package dev.hubkeep.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code users} table, on the caller's handle (and so inside the caller's transaction). */
final class UserRepository {

    private static final String COLUMNS =
            "id, username, email, fullname, password_hash, email_verified_at, is_admin, created_at, kind,"
            + " owner_org_id, deactivated_at, deleted_at";

    private final Handle handle;

    UserRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(User user) {
        handle.createUpdate("INSERT INTO users (id, username, username_key, email, email_key, fullname,"
                        + " password_hash, email_verified_at, is_admin, created_at)"
                        + " VALUES (:id, :username, :usernameKey, :email, :emailKey, :fullname,"
                        + " :passwordHash, :verifiedAt, :isAdmin, :createdAt)")
                .bind("id", user.id())
                .bind("username", user.username())
                .bind("usernameKey", Username.key(user.username()))
                .bind("email", user.email())
                .bind("emailKey", EmailAddress.key(user.email()))
                .bind("fullname", user.fullname())
                .bind("passwordHash", user.passwordHash())
                .bind("verifiedAt", user.emailVerifiedAt().map(Instant::toEpochMilli).orElse(null))
                .bind("isAdmin", user.isAdmin())
                .bind("createdAt", user.createdAt().toEpochMilli())
                .execute();
        // Users and organizations share one namespace; its primary key refuses a clash.
        handle.createUpdate("INSERT INTO namespaces (name_key, kind, owner_id) VALUES (:key, 'user', :id)")
                .bind("key", Username.key(user.username()))
                .bind("id", user.id())
                .execute();
    }

    /**
     * A service account's row: no password (a hash no password matches), no email (a key no address
     * has, so it never blocks a person's sign-up), verified (nothing to verify), and no namespace.
     */
    void insertService(String id, String username, String fullname, String orgId, Instant at) {
        handle.createUpdate("INSERT INTO users (id, username, username_key, email, email_key, fullname,"
                        + " password_hash, email_verified_at, is_admin, created_at, kind, owner_org_id)"
                        + " VALUES (:id, :username, :usernameKey, '', :emailKey, :fullname, '!', :at, FALSE, :at,"
                        + " 'service', :org)")
                .bind("id", id)
                .bind("username", username)
                .bind("usernameKey", Username.key(username))
                .bind("emailKey", "service:" + id)
                .bind("fullname", fullname)
                .bind("at", at.toEpochMilli())
                .bind("org", orgId)
                .execute();
    }

    /** Marks the account deactivated (if it is not already); true if it was active. */
    boolean deactivate(String id, Instant at) {
        return handle.createUpdate("UPDATE users SET deactivated_at = :at WHERE id = :id AND deactivated_at IS NULL")
                        .bind("at", at.toEpochMilli())
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Lets a deactivated (not deleted) account sign in again; true if it was deactivated. */
    boolean reactivate(String id) {
        return handle.createUpdate("UPDATE users SET deactivated_at = NULL WHERE id = :id AND deactivated_at IS NOT NULL"
                                + " AND deleted_at IS NULL")
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /**
     * Marks the account deleted. Its email address is freed (the key becomes one no address has);
     * a service account's name is freed too, so that its organization, or a new one of that name,
     * may reuse it. A person's name stays taken: repositories under it stay until moved or deleted.
     */
    void markDeleted(String id, boolean freeName, Instant at) {
        handle.createUpdate("UPDATE users SET deleted_at = :at, deactivated_at = COALESCE(deactivated_at, :at),"
                        + " email_key = :emailKey" + (freeName ? ", username_key = :nameKey" : "") + " WHERE id = :id")
                .bind("at", at.toEpochMilli())
                .bind("emailKey", "deleted:" + id)
                .bind("nameKey", "deleted:" + id)
                .bind("id", id)
                .execute();
    }

    Optional<User> findById(String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .map(UserRepository::map)
                .findOne();
    }

    Optional<User> findByUsername(String username) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :key")
                .bind("key", Username.key(username))
                .map(UserRepository::map)
                .findOne();
    }

    /** Finds by username or by email, in any letter case. */
    Optional<User> findByLogin(String usernameOrEmail) {
        String key = usernameOrEmail.strip().toLowerCase(java.util.Locale.ROOT);
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE username_key = :key OR email_key = :key")
                .bind("key", key)
                .map(UserRepository::map)
                .findFirst();
    }

    /** The account whose verified email this is, in any letter case. */
    Optional<User> findByVerifiedEmail(String email) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE email_key = :key AND email_verified_at IS NOT NULL")
                .bind("key", EmailAddress.key(email))
                .map(UserRepository::map)
                .findFirst();
    }

    /** Taken by a user or an organization: the two share one namespace. */
    boolean usernameTaken(String username) {
        return handle.createQuery("SELECT COUNT(*) FROM namespaces WHERE name_key = :key")
                        .bind("key", Username.key(username))
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    Optional<User> findByEmail(String email) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM users WHERE email_key = :key")
                .bind("key", EmailAddress.key(email))
                .map(UserRepository::map)
                .findOne();
    }

    boolean emailTaken(String email) {
        return handle.createQuery("SELECT COUNT(*) FROM users WHERE email_key = :key")
                        .bind("key", EmailAddress.key(email))
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void markEmailVerified(String userId, String email, Instant at) {
        handle.createUpdate("UPDATE users SET email_verified_at = :at WHERE id = :id AND email_key = :emailKey")
                .bind("at", at.toEpochMilli())
                .bind("id", userId)
                .bind("emailKey", EmailAddress.key(email))
                .execute();
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        long verified = rs.getLong("email_verified_at");
        Optional<Instant> verifiedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(verified));
        return new User(
                rs.getString("id"),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("fullname"),
                rs.getString("password_hash"),
                verifiedAt,
                rs.getBoolean("is_admin"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                AccountKind.fromStored(rs.getString("kind")),
                Optional.ofNullable(rs.getString("owner_org_id")),
                instant(rs, "deactivated_at"),
                instant(rs, "deleted_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    void setFullname(String id, String fullname) {
        handle.createUpdate("UPDATE users SET fullname = :fullname WHERE id = :id")
                .bind("fullname", fullname)
                .bind("id", id)
                .execute();
    }

    void setPasswordHash(String id, String hash) {
        handle.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("hash", hash)
                .bind("id", id)
                .execute();
    }
}
