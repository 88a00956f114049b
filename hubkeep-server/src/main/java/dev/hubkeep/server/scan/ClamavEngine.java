package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code clamav} engine, when {@code clamd} is set: every file is streamed to clamd
 * ({@link ClamdClient}). Files larger than {@code clamd-max-size} are streamed up to it (clamd
 * refuses streams over its own {@code StreamMaxLength}), and the finding says so. clamd out of
 * reach or out of time is an error worth retrying.
 */
final class ClamavEngine implements Engine {

    static final String NAME = "clamav";

    private final ClamdClient clamd;
    private final long maxSize;

    ClamavEngine(ClamdClient clamd, long maxSize) {
        this.clamd = clamd;
        this.maxSize = maxSize;
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
        ClamdClient.Reply reply;
        try (InputStream in = input.open()) {
            reply = clamd.scan(in, maxSize);
        } catch (IOException e) {
            return Finding.failed(NAME, "clamd could not scan it: " + e.getMessage());
        }
        return switch (reply) {
            case ClamdClient.Reply.Found found -> Finding.infected(NAME, found.signature());
            case ClamdClient.Reply.Refused refused -> Finding.failed(NAME, "clamd refused it: " + refused.message()
                    + (refused.message().contains("size limit") ? " (set clamd-max-size no higher than clamd's StreamMaxLength)" : ""));
            case ClamdClient.Reply.Clean clean -> input.size() > maxSize
                    ? new Finding(NAME, ScanStatus.OK, "only the first " + maxSize + " bytes were scanned (clamd-max-size)", false,
                            java.util.List.of())
                    : Finding.ok(NAME);
        };
    }
}
