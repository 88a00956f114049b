package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shards from both clients' sides parse into the files and xorbs they record; damaged ones are refused with the fault and its byte. */
class XetShardTest {

    // hf_xet 1.6.0 wrote hf_xet-bg4.shard with hf_xet-bg4.xorb (see the resources' README) and reported this file.
    private static final XetHash FILE = XetHash.fromHex("91184e9a22a9e146419a45b4adba999b00445c4a2259d4e44bf68a239749b2c6");
    private static final String SHA256 = "7d2d8b001e28ba53baca7f8b5796feae1691443b0d377861f4d9c632ad483bb8";
    private static final XetHash XORB = XetHash.fromHex("616f3d52ef9fec054e594bee8420596d118e4bdb272cb581e6d18346a0451cb3");

    @Test
    void hfXetShard_recordsTheUploadedFile() {
        Shard shard = Shard.parse(XetVectors.resource("hf_xet-bg4.shard"));

        assertThat(shard.files()).singleElement().satisfies(file -> {
            assertThat(file.hash()).isEqualTo(FILE);
            assertThat(file.sha256()).contains(SHA256);
            assertThat(file.terms()).singleElement().satisfies(term -> {
                assertThat(term.xorb()).isEqualTo(XORB);
                assertThat(term.rawLength()).isEqualTo(75_000);
                assertThat(new int[] {term.chunkStart(), term.chunkEnd()}).containsExactly(0, 3);
                assertThat(term.verification()).isPresent();
            });
        });
    }

    @Test
    void hfXetShard_describesTheXorbAsItsChunksAre() {
        Shard shard = Shard.parse(XetVectors.resource("hf_xet-bg4.shard"));
        Xorb xorb = Xorb.parse(XetVectors.resource("hf_xet-bg4.xorb"), new ChunkCodec());

        assertThat(shard.xorbs()).singleElement().satisfies(described -> {
            assertThat(described.hash()).isEqualTo(xorb.hash());
            assertThat(described.rawLength()).isEqualTo(xorb.rawLength());
            assertThat(described.chunks()).isEqualTo(xorb.chunks().stream()
                    .map(chunk -> new ShardChunk(chunk.hash(), chunk.rawOffset(), chunk.rawLength()))
                    .toList());
        });
    }

    @Test
    void hfXetShard_verificationEntry_isTheVerificationHashOfTheTermsChunks() {
        // A real client's verification hash, recomputed from the chunk hashes of the xorb it names.
        ShardTerm term = Shard.parse(XetVectors.resource("hf_xet-bg4.shard")).files().getFirst().terms().getFirst();
        List<XetHash> chunkHashes = Xorb.parse(XetVectors.resource("hf_xet-bg4.xorb"), new ChunkCodec()).chunks()
                .subList(term.chunkStart(), term.chunkEnd()).stream().map(XorbChunk::hash).toList();

        assertThat(term.verification()).contains(KeyedHash.verification(chunkHashes));
    }

    @Test
    void hfXetShard_fileHash_isTheFileHashOverTheTermsChunks() {
        Shard shard = Shard.parse(XetVectors.resource("hf_xet-lz4.shard"));
        ShardFile file = shard.files().getFirst();
        ShardXorb xorb = shard.xorbs().getFirst();
        ShardTerm term = file.terms().getFirst();

        List<MerkleNode> chunks = xorb.chunks().subList(term.chunkStart(), term.chunkEnd()).stream()
                .map(chunk -> new MerkleNode(chunk.hash(), chunk.rawLength()))
                .toList();

        assertThat(MerkleHash.fileHash(chunks)).isEqualTo(file.hash());
    }

    @Test
    void hfXetShard_keptWithAFooter_hasNoChunkHashKey() {
        Shard shard = Shard.parse(XetVectors.resource("hf_xet-bg4.shard"));

        assertThat(shard.footer()).hasValueSatisfying(footer -> assertThat(footer.chunkHashKey()).isEqualTo(XetHash.ZERO));
    }

    @Test
    void hfXetShard_asUploaded_withoutFooter_parsesToTheSameRecords() {
        byte[] kept = XetVectors.resource("hf_xet-bg4.shard");
        Shard withFooter = Shard.parse(kept);

        Shard uploaded = Shard.parse(uploadForm(kept));

        assertThat(uploaded.footer()).isEmpty();
        assertThat(uploaded.files()).isEqualTo(withFooter.files());
        assertThat(uploaded.xorbs()).isEqualTo(withFooter.xorbs());
    }

    @Test
    void huggingfaceJsGlobalDedupShard_matchesItsPublishedJson() throws IOException {
        // huggingface.js packages/hub/tests/gpt2-64-8bits.tflite.shard and .json, checked by shardParser.spec.ts.
        Shard shard = Shard.parse(XetVectors.resource("gpt2-64-8bits.tflite.shard"));
        JsonNode expected = new ObjectMapper().readTree(XetVectors.resource("gpt2-64-8bits.tflite.shard.json"));

        assertThat(shard.files()).isEmpty();
        assertThat(shard.footer().orElseThrow().chunkHashKey().hex()).isEqualTo(expected.get("hmac_key").asText());
        assertThat(shard.xorbs()).hasSize(expected.get("xorbs").size());
        for (int i = 0; i < shard.xorbs().size(); i++) {
            JsonNode xorb = expected.get("xorbs").get(i);
            assertThat(shard.xorbs().get(i).hash().hex()).isEqualTo(xorb.get("hash").asText());
            assertThat(shard.xorbs().get(i).chunks()).extracting(chunk -> chunk.hash().hex())
                    .containsExactlyElementsOf(xorb.get("chunk_hashes").valueStream().map(JsonNode::asText).toList());
        }
    }

    @Test
    void huggingfaceJsGlobalDedupShard_hidesChunkHashesBehindItsKey() {
        // shardParser.spec.ts: this chunk hash, keyed with the shard's key, is xorb 1's first chunk.
        Shard shard = Shard.parse(XetVectors.resource("gpt2-64-8bits.tflite.shard"));
        XetHash chunk = XetHash.fromHex("9502eec19d4b0c9f7b389228fa801f68ecdf15d69ccd1da2f9ddbd0219898335");

        assertThat(KeyedHash.withKey(chunk, shard.footer().orElseThrow().chunkHashKey()))
                .isEqualTo(shard.xorbs().get(1).chunks().getFirst().hash());
    }

    @Test
    void everyTruncation_isRefusedAsAShardFormatError() {
        byte[] uploaded = uploadForm(XetVectors.resource("hf_xet-bg4.shard"));

        for (int length = 0; length < uploaded.length; length++) {
            byte[] cut = Arrays.copyOf(uploaded, length);
            assertThatThrownBy(() -> Shard.parse(cut)).as("cut to %d bytes", length).isInstanceOf(ShardFormatException.class);
        }
    }

    @Test
    void shardCutInItsHeader_saysSo() {
        byte[] cut = Arrays.copyOf(XetVectors.resource("hf_xet-bg4.shard"), 10);

        assertThatThrownBy(() -> Shard.parse(cut))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard is cut short in its header at byte 0 (48 bytes needed, 10 left)");
    }

    @Test
    void shardCutInATerm_namesTheFileAndTerm() {
        byte[] cut = Arrays.copyOf(uploadForm(XetVectors.resource("hf_xet-bg4.shard")), 48 + 48 + 20);

        assertThatThrownBy(() -> Shard.parse(cut))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard is cut short in file 0's terms at byte 96 (96 bytes needed, 20 left)");
    }

    @Test
    void shardCutBeforeItsFileBookend_saysSo() {
        byte[] cut = Arrays.copyOf(uploadForm(XetVectors.resource("hf_xet-bg4.shard")), 240);

        assertThatThrownBy(() -> Shard.parse(cut))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard is cut short in the file info section before its bookend at byte 240 (48 bytes needed, 0 left)");
    }

    @Test
    void shardCutInAXorbsChunks_namesTheXorb() {
        byte[] cut = Arrays.copyOf(uploadForm(XetVectors.resource("hf_xet-bg4.shard")), 288 + 48 + 100);

        assertThatThrownBy(() -> Shard.parse(cut))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard is cut short in xorb 0's chunks at byte 336 (144 bytes needed, 100 left)");
    }

    @Test
    void shardWhoseFooterIsCutShort_saysSo() {
        byte[] kept = XetVectors.resource("hf_xet-bg4.shard");
        byte[] cut = Arrays.copyOf(uploadForm(kept), sectionsEnd(kept) + 100);
        cut[40] = (byte) Shard.FOOTER_LENGTH; // announce a footer again

        assertThatThrownBy(() -> Shard.parse(cut))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard is cut short in its footer: the header announces 200 bytes, 100 follow the CAS info section");
    }

    @Test
    void otherBytes_areNotAShard() {
        byte[] bytes = new byte[100];

        assertThatThrownBy(() -> Shard.parse(bytes))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the bytes are not a shard: they do not start with the shard tag");
    }

    @Test
    void unknownHeaderVersion_isRefused() {
        byte[] bytes = XetVectors.resource("hf_xet-bg4.shard");
        bytes[32] = 3;

        assertThatThrownBy(() -> Shard.parse(bytes))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("shard header version 3 is not supported (only 2)");
    }

    @Test
    void bytesAfterTheLastBookend_withoutAFooter_areRefused() {
        byte[] uploaded = uploadForm(XetVectors.resource("hf_xet-bg4.shard"));
        byte[] longer = Arrays.copyOf(uploaded, uploaded.length + 5);

        assertThatThrownBy(() -> Shard.parse(longer))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("5 bytes follow the CAS info section's bookend at byte 528, and the header announces no footer");
    }

    @Test
    void termWithAnEmptyChunkRange_isRefused() {
        byte[] bytes = uploadForm(XetVectors.resource("hf_xet-bg4.shard"));
        bytes[96 + 44] = 0; // the term's chunk end, now equal to its start

        assertThatThrownBy(() -> Shard.parse(bytes))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("file 0's term 0 at byte 96 names the chunk range [0, 0), which holds no chunk");
    }

    @Test
    void footerOffsetsThatMissTheSections_areRefused() {
        byte[] bytes = XetVectors.resource("hf_xet-bg4.shard");
        bytes[bytes.length - 200 + 16]++; // the CAS info offset

        assertThatThrownBy(() -> Shard.parse(bytes))
                .isInstanceOf(ShardFormatException.class)
                .hasMessage("the shard footer's offsets (file info 48, CAS info 289, footer 600) are not where those parts are (48, 288, 600)");
    }

    @Test
    void emptyShard_recordsNothing() {
        byte[] bytes = Arrays.copyOf(XetVectors.resource("hf_xet-bg4.shard"), 48 + 96);
        bytes[40] = 0;
        Arrays.fill(bytes, 48, 80, (byte) 0xFF);
        Arrays.fill(bytes, 80, 96, (byte) 0);
        Arrays.fill(bytes, 96, 128, (byte) 0xFF);
        Arrays.fill(bytes, 128, 144, (byte) 0);

        assertThat(Shard.parse(bytes)).isEqualTo(new Shard(List.of(), List.of(), Optional.empty()));
    }

    /** The shard as hf_xet uploads it: up to its last bookend, with no footer announced. */
    private static byte[] uploadForm(byte[] kept) {
        byte[] uploaded = Arrays.copyOf(kept, sectionsEnd(kept));
        Arrays.fill(uploaded, 40, 48, (byte) 0);
        return uploaded;
    }

    /** Where the CAS info section's bookend ends: header, files, bookend, xorbs, bookend. */
    private static int sectionsEnd(byte[] shardBytes) {
        Shard shard = Shard.parse(shardBytes);
        int end = Shard.HEADER_LENGTH + 48;
        for (ShardFile file : shard.files()) {
            end += 48 + file.terms().size() * 48 * (file.terms().getFirst().verification().isPresent() ? 2 : 1)
                    + (file.sha256().isPresent() ? 48 : 0);
        }
        end += 48;
        for (ShardXorb xorb : shard.xorbs()) {
            end += 48 + xorb.chunks().size() * 48;
        }
        return end;
    }
}
