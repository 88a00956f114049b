package dev.hubkeep.server.xet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds a Xet file's bytes from its terms: each term's chunks are read one at a time from the
 * stored xorb, decoded, and the part of them the asked range covers is written out. Memory stays at
 * one chunk (at most 128 KiB raw) whatever the file's size; this is how clients that do not speak
 * Xet (plain {@code /resolve/}, git-lfs) get files uploaded through it.
 */
public final class XetFileReader {

    private final XorbStore store;
    private final ChunkCodec codec;

    public XetFileReader(XorbStore store, ChunkCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /**
     * Writes bytes {@code [offset, offset + length)} of the file made of {@code terms} to {@code out};
     * {@code chunksOf} gives each xorb's stored chunks (as recorded when it was uploaded).
     */
    public void copy(List<XetRepository.StoredTerm> terms, Function<XetHash, List<XetRepository.StoredChunk>> chunksOf,
            long offset, long length, OutputStream out) throws IOException {
        long end = offset + length;
        long termStart = 0;
        for (XetRepository.StoredTerm term : terms) {
            long termEnd = termStart + term.rawLength();
            if (termEnd > offset && termStart < end) {
                copyTerm(term, chunksOf.apply(term.xorb()), termStart, offset, end, out);
            }
            termStart = termEnd;
            if (termStart >= end) {
                return;
            }
        }
    }

    private void copyTerm(XetRepository.StoredTerm term, List<XetRepository.StoredChunk> chunks, long termStart, long from,
            long to, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(store.path(term.xorb()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Chunker.MAX_LENGTH + XorbChunk.HEADER_LENGTH + 1024);
            long chunkStart = termStart;
            for (XetRepository.StoredChunk chunk : chunks.subList(term.chunkStart(), term.chunkEnd())) {
                long chunkEnd = chunkStart + chunk.rawLength();
                if (chunkEnd > from && chunkStart < to) {
                    int skip = (int) Math.max(0, from - chunkStart);
                    int take = (int) (Math.min(to, chunkEnd) - chunkStart) - skip;
                    write(channel, chunk, buffer, term.xorb(), skip, take, out);
                }
                chunkStart = chunkEnd;
                if (chunkStart >= to) {
                    return;
                }
            }
        }
    }

    /**
     * Writes raw bytes {@code [skip, skip + take)} of one stored chunk, read from the xorb's file and
     * decoded (an uncompressed chunk straight from the read buffer, without a copy).
     */
    private void write(FileChannel channel, XetRepository.StoredChunk chunk, ByteBuffer buffer, XetHash xorb, int skip,
            int take, OutputStream out) throws IOException {
        int stored = (int) (chunk.byteEnd() - chunk.byteStart());
        ByteBuffer into = stored <= buffer.capacity() ? buffer : ByteBuffer.allocate(stored);
        into.clear().limit(stored);
        long position = chunk.byteStart();
        while (into.hasRemaining()) {
            int read = channel.read(into, position);
            if (read < 0) {
                throw new UncheckedIOException(new IOException("The stored xorb " + xorb.hex() + " is shorter than its"
                        + " recorded chunks: the data directory was altered or damaged."));
            }
            position += read;
        }
        byte[] bytes = into.array();
        CompressionScheme scheme = CompressionScheme.ofCode(bytes[4] & 0xFF).orElseThrow(() -> new IllegalStateException(
                "xorb " + xorb.hex() + " chunk " + chunk.index() + " has an unknown scheme on disk"));
        if (scheme == CompressionScheme.NONE) {
            out.write(bytes, XorbChunk.HEADER_LENGTH + skip, take);
            return;
        }
        byte[] raw = codec.decode(scheme, bytes, XorbChunk.HEADER_LENGTH, stored - XorbChunk.HEADER_LENGTH, (int) chunk.rawLength());
        out.write(raw, skip, take);
    }
}
