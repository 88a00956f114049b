package dev.hubkeep.server.xet;

import java.util.Optional;

/** How a xorb chunk's bytes are stored, by the code its header carries. */
public enum CompressionScheme {
    /** The raw bytes as they are. */
    NONE(0),
    /** An LZ4 frame (the frame format, not a bare block). */
    LZ4(1),
    /** The bytes regrouped by position in each 4-byte word, then an LZ4 frame: it compresses arrays of floats better. */
    BG4_LZ4(2);

    private final int code;

    CompressionScheme(int code) {
        this.code = code;
    }

    /** The byte a chunk header carries for this scheme. */
    public int code() {
        return code;
    }

    /** The scheme a header's byte names, if it names one. */
    public static Optional<CompressionScheme> ofCode(int code) {
        for (CompressionScheme scheme : values()) {
            if (scheme.code == code) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }
}
