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

    /**
     * The Argon2id cost of new hashes. Hashes made at any cost keep verifying, since each carries
     * its own; only tests choose less than {@link #PRODUCTION}, to spend their time on behaviour.
     *
     * @param memoryKib memory per hash, in KiB (at least 8 per lane)
     * @param iterations passes over that memory
     * @param parallelism lanes
     */
    public record Cost(int memoryKib, int iterations, int parallelism) {

        /** OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane. */
        public static final Cost PRODUCTION = new Cost(19456, 2, 1);

        public Cost {
            if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
                throw new IllegalArgumentException("Argon2 needs a lane, a pass and 8 KiB per lane: " + memoryKib
                        + " KiB, " + iterations + " passes, " + parallelism + " lanes");
            }
        }
    }

    private final Argon2Function argon2id;
    private final HashingPool pool;
    /** A hash of nothing anyone knows, verified against when an account does not exist. */
    private final String decoy;

    /**
     * @param parallel hashes computed at once (about one per core: each is CPU- and memory-bound)
     * @param waiting hashes that may wait their turn; callers beyond that get a 429 at once
     */
    public PasswordHasher(int parallel, int waiting) {
        this(parallel, waiting, Cost.PRODUCTION);
    }

    /** As {@link #PasswordHasher(int, int)}, making new hashes at {@code cost}. */
    public PasswordHasher(int parallel, int waiting, Cost cost) {
        this.argon2id = Argon2Function.getInstance(cost.memoryKib(), cost.iterations(), cost.parallelism(), 32, Argon2.ID);
        this.pool = new HashingPool(parallel, waiting);
        this.decoy = hash("decoy password for unknown accounts");
    }

    public String hash(String password) {
        return pool.run(() -> Password.hash(password).addRandomSalt(16).with(argon2id).getResult());
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
