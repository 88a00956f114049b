package dev.hubkeep.server.xet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The optional index at the end of a xorb ("XETBLOB", format version 1, from xet-core's
 * {@code xorb_object_format.rs}): the xorb hash, each chunk's hash, where each chunk ends in the
 * stored bytes and among the raw bytes, then the index's length as the xorb's last 4 bytes.
 *
 * <p>hf_xet and huggingface.js upload xorbs without it, but xet-core writes it wherever it stores
 * a xorb itself (its local CAS, its reference server), so a xorb copied from such a store has one.
 * It is accepted and never needed: everything in it follows from the chunks, and {@link Xorb#parse}
 * checks that it agrees. Version 0 (before 2025) is refused rather than half-read; no current
 * client writes it.
 */
public record XorbFooter(XetHash hash, List<XetHash> chunkHashes, List<Long> storedEnds, List<Long> rawEnds) {

    static final byte[] IDENT = "XETBLOB".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASHES_IDENT = "XBLBHSH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BOUNDARIES_IDENT = "XBLBBND".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HASHES_VERSION = 0;
    private static final int BOUNDARIES_VERSION = 1;
    /** Reserved bytes at the very end of the index (xet-core keeps an optional nonce there); ignored. */
    private static final int RESERVED = 16;

    public XorbFooter {
        chunkHashes = List.copyOf(chunkHashes);
        storedEnds = List.copyOf(storedEnds);
        rawEnds = List.copyOf(rawEnds);
    }

    /** Whether a footer starts at {@code offset}: a chunk header's first byte is 0, never the 'X' of the ident. */
    static boolean startsAt(byte[] bytes, int offset) {
        if (bytes.length - offset < IDENT.length) {
            return false;
        }
        for (int i = 0; i < IDENT.length; i++) {
            if (bytes[offset + i] != IDENT[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the footer that runs from {@code start} to the end of {@code bytes}. */
    static XorbFooter parse(byte[] bytes, int start) {
        int end = bytes.length - 4;
        if (end < start) {
            throw invalid(start, "it is cut short before its length field");
        }
        long declared = Integer.toUnsignedLong(readInt(bytes, end));
        if (declared != end - start) {
            throw invalid(start, "its length field says " + declared + " bytes, but " + (end - start) + " precede it");
        }
        Cursor in = new Cursor(bytes, start, end);
        in.expectIdent(IDENT, "ident");
        int version = in.uint8("version");
        if (version != VERSION) {
            throw invalid(start, "its version " + version + " is not supported (only " + VERSION + ")");
        }
        XetHash hash = in.hash("xorb hash");
        int hashesStart = in.position;
        in.expectIdent(HASHES_IDENT, "hash section ident");
        in.expectVersion(HASHES_VERSION, "hash section");
        int count = in.count();
        List<XetHash> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(in.hash("chunk hash " + i));
        }
        int boundariesStart = in.position;
        in.expectIdent(BOUNDARIES_IDENT, "boundary section ident");
        in.expectVersion(BOUNDARIES_VERSION, "boundary section");
        in.expectCount(count, "boundary section");
        List<Long> storedEnds = in.uint32s(count, "stored chunk ends");
        List<Long> rawEnds = in.uint32s(count, "raw chunk ends");
        in.expectCount(count, "closing fields");
        long hashesFromEnd = in.uint32("hash section offset");
        long boundariesFromEnd = in.uint32("boundary section offset");
        in.need(RESERVED, "reserved bytes");
        in.position += RESERVED;
        if (in.position != end) {
            throw invalid(start, (end - in.position) + " bytes follow its last field");
        }
        if (hashesFromEnd != end - hashesStart || boundariesFromEnd != end - boundariesStart) {
            throw invalid(start, "its section offsets do not point at its sections");
        }
        return new XorbFooter(hash, hashes, storedEnds, rawEnds);
    }

    /** The footer for {@code chunks} and their xorb's {@code hash}, length field included, ready to append. */
    static byte[] serialize(XetHash hash, List<XorbChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(IDENT);
        out.write(VERSION);
        out.writeBytes(hash.toBytes());
        int hashesStart = out.size();
        out.writeBytes(HASHES_IDENT);
        out.write(HASHES_VERSION);
        writeInt(out, chunks.size());
        chunks.forEach(chunk -> out.writeBytes(chunk.hash().toBytes()));
        int boundariesStart = out.size();
        out.writeBytes(BOUNDARIES_IDENT);
        out.write(BOUNDARIES_VERSION);
        writeInt(out, chunks.size());
        chunks.forEach(chunk -> writeInt(out, chunk.end()));
        chunks.forEach(chunk -> writeInt(out, (int) (chunk.rawOffset() + chunk.rawLength())));
        writeInt(out, chunks.size());
        int end = out.size() + 4 + 4 + RESERVED;
        writeInt(out, end - hashesStart);
        writeInt(out, end - boundariesStart);
        out.writeBytes(new byte[RESERVED]);
        writeInt(out, out.size());
        return out.toByteArray();
    }

    /** Whether this footer says what the chunks themselves say; a {@link XorbFormatException} naming the first difference if not. */
    void check(XetHash computedHash, List<XorbChunk> chunks, int start) {
        if (chunkHashes.size() != chunks.size()) {
            throw invalid(start, "it lists " + chunkHashes.size() + " chunks, the xorb holds " + chunks.size());
        }
        if (!hash.equals(computedHash)) {
            throw invalid(start, "it gives the xorb hash " + hash + ", the chunks hash to " + computedHash);
        }
        for (XorbChunk chunk : chunks) {
            int i = chunk.index();
            if (!chunkHashes.get(i).equals(chunk.hash())
                    || storedEnds.get(i) != chunk.end()
                    || rawEnds.get(i) != chunk.rawOffset() + chunk.rawLength()) {
                throw invalid(start, "its entry for chunk " + i + " does not match the chunk");
            }
        }
    }

    private static XorbFormatException invalid(int start, String why) {
        return new XorbFormatException("xorb footer at byte " + start + " is invalid: " + why);
    }

    private static int readInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }

    /** Sequential reads within the footer, failing with a message naming the field. */
    private static final class Cursor {
        final byte[] bytes;
        final int start;
        final int end;
        int position;

        Cursor(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.position = start;
        }

        void need(long length, String what) {
            if (length > end - position) {
                throw invalid(start, "it is cut short in its " + what);
            }
        }

        void expectIdent(byte[] ident, String what) {
            need(ident.length, what);
            for (int i = 0; i < ident.length; i++) {
                if (bytes[position + i] != ident[i]) {
                    throw invalid(start, "its " + what + " is not " + new String(ident, StandardCharsets.US_ASCII));
                }
            }
            position += ident.length;
        }

        void expectVersion(int version, String what) {
            int actual = uint8(what + " version");
            if (actual != version) {
                throw invalid(start, "its " + what + " version " + actual + " is not supported (only " + version + ")");
            }
        }

        int uint8(String what) {
            need(1, what);
            return bytes[position++] & 0xFF;
        }

        long uint32(String what) {
            need(4, what);
            long value = Integer.toUnsignedLong(readInt(bytes, position));
            position += 4;
            return value;
        }

        /** A chunk count, bounded by the bytes left so a forged count cannot make it allocate much. */
        int count() {
            long count = uint32("chunk count");
            need(count * XetHash.LENGTH, "chunk hashes");
            return (int) count;
        }

        void expectCount(int count, String what) {
            long actual = uint32(what + " chunk count");
            if (actual != count) {
                throw invalid(start, "its " + what + " count " + actual + " differs from its hash section's " + count);
            }
        }

        XetHash hash(String what) {
            need(XetHash.LENGTH, what);
            XetHash hash = XetHash.fromBytes(bytes, position);
            position += XetHash.LENGTH;
            return hash;
        }

        List<Long> uint32s(int count, String what) {
            need(4L * count, what);
            List<Long> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(uint32(what));
            }
            return values;
        }
    }
}
