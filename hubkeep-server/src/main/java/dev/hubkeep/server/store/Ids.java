package dev.hubkeep.server.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Row ids: 24 hex characters, the length of the Hub's own ids, so clients that expect that shape
 * accept them. Made in the application so the same DDL works on SQLite and PostgreSQL. Ids from
 * one process sort in creation order: 6 bytes of creation millisecond, a 2-byte sequence within
 * it, then 4 random bytes that keep ids from different processes apart.
 */
public final class Ids {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis;
    private int sequence;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long millis;
        int seq;
        synchronized (this) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                sequence++;
                if (sequence > 0xffff) { // more than 65,536 ids in one millisecond: borrow the next one
                    millis++;
                    sequence = 0;
                }
            } else {
                sequence = 0;
            }
            lastMillis = millis;
            seq = sequence;
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (millis >>> (40 - 8 * i));
        }
        bytes[6] = (byte) (seq >>> 8);
        bytes[7] = (byte) seq;
        return HexFormat.of().formatHex(bytes);
    }
}
