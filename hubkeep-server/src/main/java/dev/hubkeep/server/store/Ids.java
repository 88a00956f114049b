package dev.hubkeep.server.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Row ids: 24 hex characters, like the Hub's own ids (4 bytes of creation second, 8 random bytes),
 * so they sort roughly by age and clients that expect the Hub's id shape accept them. Made in
 * the application so the same DDL works on SQLite and PostgreSQL.
 */
public final class Ids {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Ids(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        long seconds = clock.instant().getEpochSecond();
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (seconds >>> (24 - 8 * i));
        }
        return HexFormat.of().formatHex(bytes);
    }
}
