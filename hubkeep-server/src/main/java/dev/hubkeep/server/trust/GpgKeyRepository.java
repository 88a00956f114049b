package dev.hubkeep.server.trust;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code gpg_keys} and {@code gpg_key_ids} tables, on the caller's handle. */
final class GpgKeyRepository {

    private static final String COLUMNS = "k.id, k.fingerprint, k.key_id, k.emails, k.armored, k.created_at, k.expires_at,"
            + " k.added_at";

    private final Handle handle;

    GpgKeyRepository(Handle handle) {
        this.handle = handle;
    }

    /** A stored key's id and its account. */
    record Owned(String id, String userId) {}

    Optional<Owned> findByFingerprint(String fingerprint) {
        return handle.createQuery("SELECT id, user_id FROM gpg_keys WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint)
                .map((rs, ctx) -> new Owned(rs.getString("id"), rs.getString("user_id")))
                .findOne();
    }

    /** Puts a newer copy of stored key {@code id} in place: its text, emails, expiry and key ids. */
    void replace(String id, OpenPgpKey key) {
        handle.createUpdate("UPDATE gpg_keys SET emails = :emails, armored = :armored, expires_at = :expires WHERE id = :id")
                .bind("id", id)
                .bind("emails", String.join("\n", key.emails()))
                .bind("armored", key.armored())
                .bindByType("expires", key.expiresAt().map(Instant::toEpochMilli).orElse(null), Long.class)
                .execute();
        handle.createUpdate("DELETE FROM gpg_key_ids WHERE gpg_key_id = :id").bind("id", id).execute();
        insertKeyIds(id, key);
    }

    /** Key ids among {@code keyIds} that already belong to some key. */
    List<String> takenKeyIds(List<String> keyIds) {
        return handle.createQuery("SELECT key_id FROM gpg_key_ids WHERE key_id IN (<ids>)")
                .bindList("ids", keyIds)
                .mapTo(String.class)
                .list();
    }

    void insert(String id, String userId, OpenPgpKey key, Instant addedAt) {
        handle.createUpdate("INSERT INTO gpg_keys (id, user_id, fingerprint, key_id, emails, armored, created_at, expires_at,"
                        + " added_at) VALUES (:id, :user, :fingerprint, :keyId, :emails, :armored, :created, :expires, :added)")
                .bind("id", id)
                .bind("user", userId)
                .bind("fingerprint", key.fingerprint())
                .bind("keyId", key.keyId())
                .bind("emails", String.join("\n", key.emails()))
                .bind("armored", key.armored())
                .bind("created", key.createdAt().toEpochMilli())
                .bindByType("expires", key.expiresAt().map(Instant::toEpochMilli).orElse(null), Long.class)
                .bind("added", addedAt.toEpochMilli())
                .execute();
        insertKeyIds(id, key);
    }

    private void insertKeyIds(String id, OpenPgpKey key) {
        for (String keyId : key.keyIds()) {
            handle.createUpdate("INSERT INTO gpg_key_ids (key_id, gpg_key_id) VALUES (:keyId, :id)")
                    .bind("keyId", keyId)
                    .bind("id", id)
                    .execute();
        }
    }

    List<GpgKey> listFor(String userId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM gpg_keys k WHERE k.user_id = :user ORDER BY k.added_at, k.id")
                .bind("user", userId)
                .map((rs, ctx) -> {
                    String id = rs.getString("id");
                    long expires = rs.getLong("expires_at");
                    boolean neverExpires = rs.wasNull();
                    return new GpgKey(id, rs.getString("fingerprint"), rs.getString("key_id"), keyIdsOf(id),
                            Arrays.asList(rs.getString("emails").split("\n")), Instant.ofEpochMilli(rs.getLong("created_at")),
                            neverExpires ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires)),
                            Instant.ofEpochMilli(rs.getLong("added_at")), rs.getString("armored"));
                })
                .list();
    }

    /** Deletes the user's key; false if they have no key with that id. Its key ids go with it. */
    boolean delete(String userId, String id) {
        return handle.createUpdate("DELETE FROM gpg_keys WHERE id = :id AND user_id = :user")
                .bind("id", id)
                .bind("user", userId)
                .execute() == 1;
    }

    /** What verifying a signature needs of the key that holds {@code keyId} (its own id or a subkey's). */
    record StoredKey(String userId, String armored, List<String> emails, Optional<Instant> expiresAt) {}

    Optional<StoredKey> findByKeyId(String keyId) {
        return handle.createQuery("SELECT k.user_id, k.armored, k.emails, k.expires_at FROM gpg_key_ids i"
                        + " JOIN gpg_keys k ON k.id = i.gpg_key_id WHERE i.key_id = :keyId")
                .bind("keyId", keyId)
                .map((rs, ctx) -> {
                    long expires = rs.getLong("expires_at");
                    boolean neverExpires = rs.wasNull();
                    return new StoredKey(rs.getString("user_id"), rs.getString("armored"),
                            Arrays.asList(rs.getString("emails").split("\n")),
                            neverExpires ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires)));
                })
                .findOne();
    }

    List<String> keyIdsOf(String gpgKeyId) {
        return handle.createQuery("SELECT key_id FROM gpg_key_ids WHERE gpg_key_id = :id ORDER BY key_id")
                .bind("id", gpgKeyId)
                .mapTo(String.class)
                .list();
    }
}
