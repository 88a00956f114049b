package dev.hubkeep.server.xet;

import java.util.Arrays;

/**
 * A 32-byte Xet hash: of a chunk, a xorb, a file, a shard or a verification range.
 *
 * <p>Its text form is not the bytes in order. Xet reads the 32 bytes as four little-endian 64-bit
 * words and prints each word as 16 hex digits, so within each 8-byte group the bytes appear
 * reversed. That text is what URLs, JSON bodies and LFS pointers carry; the bytes are what shards
 * and xorb footers store and what BLAKE3 produces and consumes.
 */
public final class XetHash {

    public static final int LENGTH = 32;
    private static final int WORDS = 4;
    private static final int HEX_LENGTH = 2 * LENGTH;

    /** The hash of nothing: an empty file's and an empty xorb's hash, by Xet's definition. */
    public static final XetHash ZERO = new XetHash(new byte[LENGTH]);

    private final byte[] bytes;

    private XetHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The hash whose raw bytes are {@code raw[offset, offset + 32)}; the array is copied. */
    public static XetHash fromBytes(byte[] raw, int offset) {
        if (offset < 0 || raw.length - offset < LENGTH) {
            throw new IllegalArgumentException("a Xet hash is " + LENGTH + " bytes; " + Math.max(0, raw.length - offset) + " remain at " + offset);
        }
        return new XetHash(Arrays.copyOfRange(raw, offset, offset + LENGTH));
    }

    /** The hash whose raw bytes are {@code raw}, which must be 32 bytes long; the array is copied. */
    public static XetHash fromBytes(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a Xet hash is " + LENGTH + " bytes, not " + raw.length);
        }
        return fromBytes(raw, 0);
    }

    /** Wraps a fresh 32-byte array that nobody else holds, such as a digest's output, without copying it. */
    static XetHash ofOwned(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a Xet hash is " + LENGTH + " bytes, not " + raw.length);
        }
        return new XetHash(raw);
    }

    /** Parses Xet's text form (64 hex digits, either case); anything else is a {@link XetFormatException}. */
    public static XetHash fromHex(String hex) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            throw new XetFormatException("a Xet hash is " + HEX_LENGTH + " hex digits; got " + quoted(hex));
        }
        byte[] raw = new byte[LENGTH];
        for (int word = 0; word < WORDS; word++) {
            long value = 0;
            for (int i = 16 * word; i < 16 * word + 16; i++) {
                int digit = Character.digit(hex.charAt(i), 16);
                if (digit < 0 || hex.charAt(i) > 'f') { // digit() also takes non-ASCII digits
                    throw new XetFormatException("a Xet hash is " + HEX_LENGTH + " hex digits; got " + quoted(hex));
                }
                value = (value << 4) | digit;
            }
            writeWord(raw, word, value);
        }
        return new XetHash(raw);
    }

    /** Xet's text form: each little-endian word as 16 lowercase hex digits. */
    public String hex() {
        StringBuilder text = new StringBuilder(HEX_LENGTH);
        for (int word = 0; word < WORDS; word++) {
            String digits = Long.toHexString(word(word));
            text.repeat('0', 16 - digits.length()).append(digits);
        }
        return text.toString();
    }

    /** A copy of the raw bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the raw bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** Word {@code index} (0 to 3) of the hash read as four little-endian 64-bit words. */
    long word(int index) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[8 * index + i] & 0xffL);
        }
        return value;
    }

    private static void writeWord(byte[] raw, int index, long value) {
        for (int i = 0; i < 8; i++) {
            raw[8 * index + i] = (byte) (value >>> (8 * i));
        }
    }

    private static String quoted(String text) {
        if (text == null) {
            return "nothing";
        }
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XetHash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
