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

    public GpgKey add(String userId, String armored) {
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
        String id = ids.next();
        database.jdbi().useTransaction(h -> {
            GpgKeyRepository keys = new GpgKeyRepository(h);
            keys.ownerOfFingerprint(key.fingerprint()).ifPresent(owner -> {
                throw new ConflictException(owner.equals(userId) ? "This key is already on your account."
                        : "This key is already on another account; a key can belong to one account only.");
            });
            if (!keys.takenKeyIds(key.keyIds()).isEmpty()) {
                throw new ConflictException("A subkey of this key is already on another account's key.");
            }
            if (keys.listFor(userId).size() >= MAX_KEYS_PER_ACCOUNT) {
                throw new InvalidInputException("An account holds at most " + MAX_KEYS_PER_ACCOUNT + " keys; delete one first.");
            }
            keys.insert(id, userId, key, clock.instant());
            CommitSignatures.forgetUnknownKeys(h, key.keyIds());
        });
        return list(userId).stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
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
