package dev.hubkeep.server.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$…}), with the
 * parameters OWASP recommends. Verification reads the parameters back from each stored hash, so
 * they can be raised later without invalidating old hashes. Hashing runs in a bounded pool: a flood of
 * sign-ins is refused (429) beyond it rather than queued without end.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);

    private final HashingPool pool;
    /** A hash of nothing anyone knows, verified against when an account does not exist. */
    private final String decoy;

    /**
     * @param parallel hashes computed at once (about one per core: each is CPU- and memory-bound)
     * @param waiting hashes that may wait their turn; callers beyond that get a 429 at once
     */
    public PasswordHasher(int parallel, int waiting) {
        this.pool = new HashingPool(parallel, waiting);
        this.decoy = hash("decoy password for unknown accounts");
    }

    public String hash(String password) {
        return pool.run(() -> Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult());
    }

    public boolean verify(String password, String storedHash) {
        return pool.run(() -> Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash)));
    }

    /**
     * Spends the same time as {@link #verify} and always fails: a login for an unknown account must
     * not answer faster than one with a wrong password.
     */
    public boolean verifyAgainstDecoy(String password) {
        verify(password, decoy);
        return false;
    }
}
