package dev.hubkeep.server.xet;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client computes from a file before uploading it: its chunks (hash and length, in order)
 * and the file hash over them. The server needs the same to give a file that arrived some other
 * way (a plain LFS upload) the identity a Xet client would have given it.
 */
public final class FileChunks {

    private static final int READ_SIZE = 64 * 1024;

    private FileChunks() {}

    /** Reads {@code in} to its end and returns its chunks; none for an empty stream. Does not close it. */
    public static List<MerkleNode> of(InputStream in) throws IOException {
        Chunker chunker = new Chunker();
        byte[] chunk = new byte[Chunker.MAX_LENGTH];
        byte[] buffer = new byte[READ_SIZE];
        List<MerkleNode> chunks = new ArrayList<>();
        int read;
        while ((read = in.read(buffer)) != -1) {
            int position = 0;
            while (position < read) {
                int filled = chunker.pending();
                int taken = chunker.nextCut(buffer, position, read - position);
                int copied = taken < 0 ? read - position : taken;
                System.arraycopy(buffer, position, chunk, filled, copied);
                position += copied;
                if (taken >= 0) {
                    chunks.add(leaf(chunk, filled + taken));
                }
            }
        }
        int last = chunker.finish();
        if (last > 0) {
            chunks.add(leaf(chunk, last));
        }
        return chunks;
    }

    /** The file hash of everything {@code in} holds. Does not close it. */
    public static XetHash fileHash(InputStream in) throws IOException {
        return MerkleHash.fileHash(of(in));
    }

    private static MerkleNode leaf(byte[] chunk, int length) {
        return new MerkleNode(KeyedHash.chunk(chunk, 0, length), length);
    }
}
