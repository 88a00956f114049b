package dev.hubkeep.server.http;

import java.util.function.BooleanSupplier;
import org.eclipse.jgit.errors.PackMismatchException;

/**
 * A read that meets the background repack mid-way — JGit finds a pack replaced under it and throws
 * {@link PackMismatchException} — is simply run again: the objects are all still there, in the new
 * pack, and JGit rescans the pack directory on the next attempt. Only idempotent requests whose
 * response has not started are retried, a few times, so a client never sees that transient 500.
 */
final class RepackRetry {

    static final int ATTEMPTS = 3;

    /** The work of one attempt. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    private RepackRetry() {}

    static void run(boolean idempotent, BooleanSupplier responseStarted, Attempt attempt) throws Exception {
        for (int tried = 1; ; tried++) {
            try {
                attempt.run();
                return;
            } catch (Exception e) {
                if (!idempotent || tried >= ATTEMPTS || responseStarted.getAsBoolean() || !metRepack(e)) {
                    throw e;
                }
            }
        }
    }

    static boolean metRepack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PackMismatchException) {
                return true;
            }
        }
        return false;
    }
}
