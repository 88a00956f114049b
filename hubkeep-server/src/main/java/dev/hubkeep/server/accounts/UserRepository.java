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
            "id, username, email, fullname, password_hash, email_verified_at, is_admin, created_at";

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
                Instant.ofEpochMilli(rs.getLong("created_at")));
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
