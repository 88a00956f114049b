package dev.hubkeep.server.xet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes v1 shards (file info section only, no footer), as hf_xet uploads them, for the CAS tests. */
final class XetShardWriter {

    private static final int WITH_VERIFICATION = 0x80000000;
    private static final int WITH_METADATA = 0x40000000;

    record File(XetHash hash, List<ShardTerm> terms, Optional<String> sha256) {}

    private final List<File> files = new ArrayList<>();

    XetShardWriter file(XetHash hash, List<ShardTerm> terms, Optional<String> sha256) {
        files.add(new File(hash, terms, sha256));
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] tag = new byte[32];
        byte[] text = "HFRepoMetaData".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, tag, 0, text.length);
        int[] rest = {0, 85, 105, 103, 69, 106, 123, 129, 87, 131, 165, 189, 217, 92, 205, 209, 74, 169};
        for (int i = 0; i < rest.length; i++) {
            tag[text.length + i] = (byte) rest[i];
        }
        out.writeBytes(tag);
        u64(out, 2);
        u64(out, 0);
        for (File file : files) {
            boolean verified = file.terms().stream().anyMatch(t -> t.verification().isPresent());
            out.writeBytes(file.hash().toBytes());
            u32(out, (verified ? WITH_VERIFICATION : 0) | (file.sha256().isPresent() ? WITH_METADATA : 0));
            u32(out, file.terms().size());
            out.writeBytes(new byte[8]);
            for (ShardTerm term : file.terms()) {
                out.writeBytes(term.xorb().toBytes());
                u32(out, 0);
                u32(out, (int) term.rawLength());
                u32(out, term.chunkStart());
                u32(out, term.chunkEnd());
            }
            if (verified) {
                for (ShardTerm term : file.terms()) {
                    out.writeBytes(term.verification().orElseThrow().toBytes());
                    out.writeBytes(new byte[16]);
                }
            }
            file.sha256().ifPresent(sha -> {
                out.writeBytes(XetHash.fromHex(sha).toBytes());
                out.writeBytes(new byte[16]);
            });
        }
        bookend(out);
        bookend(out); // no CAS info entries
        return out.toByteArray();
    }

    private static void bookend(ByteArrayOutputStream out) {
        for (int i = 0; i < 32; i++) {
            out.write(0xFF);
        }
        out.writeBytes(new byte[16]);
    }

    private static void u32(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xFF);
        }
    }

    private static void u64(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
