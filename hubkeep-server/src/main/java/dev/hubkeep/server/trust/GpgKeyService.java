package dev.hubkeep.server.trust;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * The OpenPGP keys of accounts. A key is accepted only if one of the emails it certifies is the
 * account's verified email, and only once on the whole hub: a commit signature then points to one
 * account.
 */
public final class GpgKeyService {

    /** More keys than anyone rotates through; keeps one account from filling the table. */
    static final int MAX_KEYS_PER_ACCOUNT = 50;

    private final Database database;
    private final AccountService accounts;
    private final Clock clock;
    private final Ids ids;

    public GpgKeyService(Database database, AccountService accounts, Clock clock) {
        this.database = database;
        this.accounts = accounts;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    /** A key as added: {@code replaced} when the account held it already and this copy took the stored one's place. */
    public record Added(GpgKey key, boolean replaced) {}

    /**
     * Adds a key to the account; a key the account already holds is replaced by this copy (so a
     * user can hand the hub a subkey's revocation, or a new subkey, by adding the key again).
     */
    public Added add(String userId, String armored) {
        User user = accounts.findUser(userId).orElseThrow(() -> new NotFoundException("No such account."));
        if (!user.emailVerified()) {
            throw new ForbiddenException("Verify your email address first: a key is accepted for the emails of your"
                    + " account that are verified.");
        }
        OpenPgpKey key = OpenPgpKey.parse(armored, clock.instant());
        String email = user.email().toLowerCase(Locale.ROOT);
        if (!key.emails().contains(email)) {
            throw new InvalidInputException("None of this key's user IDs (" + String.join(", ", key.emails())
                    + ") is your verified email address " + user.email() + ". Add a user ID with it (gpg --quick-add-uid "
                    + key.keyId() + " 'Name <" + user.email() + ">') and export the key again.");
        }
        Added saved = database.jdbi().inTransaction(h -> {
            GpgKeyRepository keys = new GpgKeyRepository(h);
            Optional<GpgKeyRepository.Owned> existing = keys.findByFingerprint(key.fingerprint());
            if (existing.isPresent() && !existing.get().userId().equals(userId)) {
                throw new ConflictException("This key is already on another account; a key can belong to one account only.");
            }
            String keyId = existing.map(GpgKeyRepository.Owned::id).orElseGet(ids::next);
            List<String> taken = new java.util.ArrayList<>(keys.takenKeyIds(key.keyIds()));
            existing.ifPresent(own -> taken.removeAll(keys.keyIdsOf(own.id())));
            if (!taken.isEmpty()) {
                throw new ConflictException("A subkey of this key is already on another account's key.");
            }
            if (existing.isPresent()) {
                // The key again, newer: it may bind new subkeys or revoke some (SignatureVerifier reads revocations from it).
                keys.replace(keyId, key);
            } else {
                if (keys.listFor(userId).size() >= MAX_KEYS_PER_ACCOUNT) {
                    throw new InvalidInputException("An account holds at most " + MAX_KEYS_PER_ACCOUNT + " keys; delete one first.");
                }
                keys.insert(keyId, userId, key, clock.instant());
            }
            CommitSignatures.forgetUnknownKeys(h, key.keyIds());
            return new Added(keys.listFor(userId).stream().filter(k -> k.id().equals(keyId)).findFirst().orElseThrow(),
                    existing.isPresent());
        });
        return saved;
    }

    public List<GpgKey> list(String userId) {
        return database.jdbi().withHandle(h -> new GpgKeyRepository(h).listFor(userId));
    }

    public void delete(String userId, String id) {
        boolean deleted = database.jdbi().inTransaction(h -> new GpgKeyRepository(h).delete(userId, id));
        if (!deleted) {
            throw new NotFoundException("You have no key with id " + id + ".");
        }
    }
}
