package dev.hubkeep.server.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A commit object split as git signs it: the signature from its {@code gpgsig} header, and the
 * payload, which is the commit object without that header (what {@code git commit -S} signed).
 */
record SignedCommit(byte[] payload, String signature) {

    private static final String HEADER = "gpgsig ";

    /** The signature and payload of a raw commit object; empty if it carries no signature. */
    static Optional<SignedCommit> of(byte[] rawCommit) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(rawCommit.length);
        StringBuilder signature = null;
        boolean inSignature = false;
        boolean inHeaders = true;
        int start = 0;
        while (start < rawCommit.length) {
            int end = start;
            while (end < rawCommit.length && rawCommit[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, rawCommit.length);
            String line = new String(rawCommit, start, end - start, StandardCharsets.UTF_8);
            if (inHeaders && line.isEmpty()) {
                inHeaders = false;
            }
            if (inHeaders && inSignature && line.startsWith(" ")) {
                signature.append('\n').append(line, 1, line.length());
            } else if (inHeaders && signature == null && line.startsWith(HEADER)) {
                signature = new StringBuilder(line.substring(HEADER.length()));
                inSignature = true;
            } else {
                inSignature = false;
                payload.write(rawCommit, start, next - start);
            }
            start = next;
        }
        return signature == null ? Optional.empty() : Optional.of(new SignedCommit(payload.toByteArray(), signature + "\n"));
    }
}
