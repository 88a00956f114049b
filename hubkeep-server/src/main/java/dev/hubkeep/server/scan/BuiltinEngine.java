package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The {@code builtin} engine, always on and needing nothing installed: the EICAR anti-virus test
 * file (as the standard defines it: the 68-byte string at the start, then at most whitespace, 128
 * bytes in all), and a list of sha256 hashes of known-bad files the operator keeps
 * ({@code scan-known-bad}). The hash of an LFS object is its name; a git blob's is computed.
 */
final class BuiltinEngine implements Engine {

    static final String NAME = "builtin";
    static final String EICAR_SIGNATURE = "EICAR-Test-File";

    /** Assembled, so that this class file is not itself taken for the test file by a scanner. */
    static final byte[] EICAR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" + "!H+H*")
            .getBytes(StandardCharsets.US_ASCII);
    private static final int EICAR_MAX_FILE = 128;

    private final Set<String> knownBad;

    BuiltinEngine(Set<String> knownBad) {
        this.knownBad = Set.copyOf(knownBad);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean appliesTo(ScanInput input, byte[] head) {
        return true;
    }

    @Override
    public Finding scan(ScanInput input, byte[] head) throws IOException {
        if (isEicar(head, input.size())) {
            return Finding.infected(NAME, EICAR_SIGNATURE);
        }
        if (!knownBad.isEmpty()) {
            String sha256 = input.knownSha256().isPresent() ? input.knownSha256().get() : sha256(input);
            if (knownBad.contains(sha256)) {
                return Finding.infected(NAME, "known-bad sha256 " + sha256);
            }
        }
        return Finding.ok(NAME);
    }

    static boolean isEicar(byte[] head, long size) {
        if (size < EICAR.length || size > EICAR_MAX_FILE || head.length < size || !PickleEngine.startsWith(head, EICAR)) {
            return false;
        }
        for (int i = EICAR.length; i < size; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0x1a) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(ScanInput input) throws IOException {
        try (InputStream in = input.open()) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
