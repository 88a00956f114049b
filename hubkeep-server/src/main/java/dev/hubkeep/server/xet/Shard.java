package dev.hubkeep.server.xet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed shard (format: hub-docs shard.md, xet-core {@code metadata_shard}): a 48-byte header,
 * the files it records (each a header, its terms, optionally one verification entry per term and
 * a metadata extension with the SHA-256), a bookend, the xorbs it describes (each a header and its
 * chunks), a bookend, and an optional 200-byte footer. Every entry is 48 bytes; a bookend is a
 * hash of all ones followed by 16 zero bytes.
 *
 * <p>Clients upload shards without a footer (hf_xet) or with one (huggingface.js); both parse.
 * Between the last bookend and a footer, xet-core keeps lookup tables, which are skipped: the
 * footer says where it starts. Parsing checks the layout only; whether the files' hashes and
 * verification entries agree with the stored xorbs is for the caller, who has the xorbs.
 */
public record Shard(List<ShardFile> files, List<ShardXorb> xorbs, Optional<ShardFooter> footer) {

    public static final int HEADER_LENGTH = 48;
    public static final int FOOTER_LENGTH = 200;
    private static final int ENTRY_LENGTH = 48;

    /** "HFRepoMetaData", a zero byte, then 17 fixed random bytes: xet-core's MDB_SHARD_HEADER_TAG. */
    private static final byte[] TAG = tag();
    private static final long HEADER_VERSION = 2;
    private static final long FOOTER_VERSION = 1;
    private static final int WITH_VERIFICATION = 0x80000000;
    private static final int WITH_METADATA = 0x40000000;

    public Shard {
        files = List.copyOf(files);
        xorbs = List.copyOf(xorbs);
    }

    /** Parses {@code bytes}; a {@link ShardFormatException} naming the fault and its byte if they are not a shard. */
    public static Shard parse(byte[] bytes) {
        Reader in = new Reader(bytes);
        in.need(HEADER_LENGTH, "its header");
        for (int i = 0; i < TAG.length; i++) {
            if (bytes[i] != TAG[i]) {
                throw new ShardFormatException("the bytes are not a shard: they do not start with the shard tag");
            }
        }
        in.position = TAG.length;
        long version = in.uint64("header version");
        if (version != HEADER_VERSION) {
            throw new ShardFormatException("shard header version " + Long.toUnsignedString(version) + " is not supported (only " + HEADER_VERSION + ")");
        }
        long footerSize = in.uint64("header footer size");
        if (footerSize != 0 && footerSize != FOOTER_LENGTH) {
            throw new ShardFormatException("the shard header gives a footer size of " + Long.toUnsignedString(footerSize)
                    + ", neither 0 (no footer) nor " + FOOTER_LENGTH);
        }
        List<ShardFile> files = readFiles(in);
        int xorbsStart = in.position;
        List<ShardXorb> xorbs = readXorbs(in);
        Optional<ShardFooter> footer = footerSize == 0 ? noFooter(in) : Optional.of(readFooter(bytes, xorbsStart, in.position));
        return new Shard(files, xorbs, footer);
    }

    private static List<ShardFile> readFiles(Reader in) {
        List<ShardFile> files = new ArrayList<>();
        Boolean verified = null;
        for (int index = 0; ; index++) {
            String file = "file " + index;
            in.need(ENTRY_LENGTH, "the file info section before its bookend");
            if (in.atBookend()) {
                return files;
            }
            XetHash hash = in.hash(file + "'s header");
            int flags = (int) in.uint32(file + "'s header");
            long termCount = in.uint32(file + "'s header");
            in.skip(8, file + "'s header");
            boolean hasVerification = (flags & WITH_VERIFICATION) != 0;
            if (verified != null && verified != hasVerification) {
                throw new ShardFormatException("file " + index + (hasVerification ? " has" : " lacks")
                        + " verification entries and an earlier file does not: a shard has them for all its files or for none");
            }
            verified = hasVerification;
            in.need(termCount * ENTRY_LENGTH * (hasVerification ? 2 : 1), file + "'s terms");
            List<ShardTerm> terms = new ArrayList<>((int) termCount);
            for (int t = 0; t < termCount; t++) {
                terms.add(readTerm(in, file + "'s term " + t));
            }
            if (hasVerification) {
                for (int t = 0; t < termCount; t++) {
                    terms.set(t, terms.get(t).withVerification(in.hash(file + "'s verification entry " + t)));
                    in.skip(16, file + "'s verification entry " + t);
                }
            }
            Optional<String> sha256 = Optional.empty();
            if ((flags & WITH_METADATA) != 0) {
                // xet-core stores the SHA-256 so that Xet's hash text of these bytes is its usual hex.
                sha256 = Optional.of(in.hash(file + "'s metadata extension").hex());
                in.skip(16, file + "'s metadata extension");
            }
            files.add(new ShardFile(hash, terms, sha256));
        }
    }

    private static ShardTerm readTerm(Reader in, String term) {
        int at = in.position;
        XetHash xorb = in.hash(term);
        in.uint32(term); // xorb flags, reserved
        long rawLength = in.uint32(term);
        long start = in.uint32(term);
        long end = in.uint32(term);
        if (start >= end) {
            throw new ShardFormatException(term + " at byte " + at + " names the chunk range [" + start + ", " + end + "), which holds no chunk");
        }
        if (end > CasService.MAX_XORB_CHUNKS) {
            throw new ShardFormatException(term + " at byte " + at + " names the chunk range [" + start + ", " + end
                    + "), past the " + CasService.MAX_XORB_CHUNKS + " chunks a xorb may hold");
        }
        return new ShardTerm(xorb, rawLength, (int) start, (int) end, Optional.empty());
    }

    private static List<ShardXorb> readXorbs(Reader in) {
        List<ShardXorb> xorbs = new ArrayList<>();
        for (int index = 0; ; index++) {
            String xorb = "xorb " + index;
            in.need(ENTRY_LENGTH, "the CAS info section before its bookend");
            if (in.atBookend()) {
                return xorbs;
            }
            XetHash hash = in.hash(xorb + "'s header");
            in.uint32(xorb + "'s header"); // flags, reserved
            long chunkCount = in.uint32(xorb + "'s header");
            long rawLength = in.uint32(xorb + "'s header");
            long storedLength = in.uint32(xorb + "'s header");
            in.need(chunkCount * ENTRY_LENGTH, xorb + "'s chunks");
            List<ShardChunk> chunks = new ArrayList<>((int) chunkCount);
            for (int c = 0; c < chunkCount; c++) {
                String chunk = xorb + "'s chunk " + c;
                XetHash chunkHash = in.hash(chunk);
                long rawOffset = in.uint32(chunk);
                long chunkLength = in.uint32(chunk);
                in.skip(8, chunk);
                chunks.add(new ShardChunk(chunkHash, rawOffset, chunkLength));
            }
            xorbs.add(new ShardXorb(hash, rawLength, storedLength, chunks));
        }
    }

    private static Optional<ShardFooter> noFooter(Reader in) {
        if (in.remaining() != 0) {
            throw new ShardFormatException(in.remaining() + " bytes follow the CAS info section's bookend at byte " + in.position
                    + ", and the header announces no footer");
        }
        return Optional.empty();
    }

    private static ShardFooter readFooter(byte[] bytes, int xorbsStart, int xorbsEnd) {
        int footerStart = bytes.length - FOOTER_LENGTH;
        if (footerStart < xorbsEnd) {
            throw new ShardFormatException("the shard is cut short in its footer: the header announces " + FOOTER_LENGTH
                    + " bytes, " + (bytes.length - xorbsEnd) + " follow the CAS info section");
        }
        Reader in = new Reader(bytes);
        in.position = footerStart;
        long version = in.uint64("footer");
        if (version != FOOTER_VERSION) {
            throw new ShardFormatException("shard footer version " + Long.toUnsignedString(version) + " is not supported (only " + FOOTER_VERSION + ")");
        }
        long filesOffset = in.uint64("footer");
        long xorbsOffset = in.uint64("footer");
        in.skip(48, "footer"); // xet-core's lookup table offsets and sizes
        XetHash key = in.hash("footer");
        long createdAt = in.uint64("footer");
        long keyExpiry = in.uint64("footer");
        in.skip(72, "footer");
        long footerOffset = in.uint64("footer");
        if (filesOffset != HEADER_LENGTH || xorbsOffset != xorbsStart || footerOffset != footerStart) {
            throw new ShardFormatException("the shard footer's offsets (file info " + Long.toUnsignedString(filesOffset)
                    + ", CAS info " + Long.toUnsignedString(xorbsOffset) + ", footer " + Long.toUnsignedString(footerOffset)
                    + ") are not where those parts are (" + HEADER_LENGTH + ", " + xorbsStart + ", " + footerStart + ")");
        }
        return new ShardFooter(key, createdAt, keyExpiry);
    }

    private static byte[] tag() {
        byte[] tag = new byte[32];
        byte[] text = "HFRepoMetaData".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, tag, 0, text.length);
        int[] rest = {0, 85, 105, 103, 69, 106, 123, 129, 87, 131, 165, 189, 217, 92, 205, 209, 74, 169};
        for (int i = 0; i < rest.length; i++) {
            tag[text.length + i] = (byte) rest[i];
        }
        return tag;
    }

    /** Little-endian reads that fail with the part of the shard that was cut short. */
    private static final class Reader {
        final byte[] bytes;
        int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
            this.position = 0;
        }

        int remaining() {
            return bytes.length - position;
        }

        void need(long length, String what) {
            if (length > remaining()) {
                throw new ShardFormatException("the shard is cut short in " + what + " at byte " + position
                        + " (" + length + " bytes needed, " + remaining() + " left)");
            }
        }

        void skip(int length, String what) {
            need(length, what);
            position += length;
        }

        /** Whether the next entry is a bookend (its hash all ones), and if so steps over it. */
        boolean atBookend() {
            for (int i = 0; i < XetHash.LENGTH; i++) {
                if (bytes[position + i] != (byte) 0xFF) {
                    return false;
                }
            }
            position += ENTRY_LENGTH;
            return true;
        }

        XetHash hash(String what) {
            need(XetHash.LENGTH, what);
            XetHash hash = XetHash.fromBytes(bytes, position);
            position += XetHash.LENGTH;
            return hash;
        }

        long uint32(String what) {
            need(4, what);
            long value = 0;
            for (int i = 3; i >= 0; i--) {
                value = (value << 8) | (bytes[position + i] & 0xFFL);
            }
            position += 4;
            return value;
        }

        long uint64(String what) {
            long low = uint32(what);
            long high = uint32(what);
            return (high << 32) | low;
        }
    }
}
