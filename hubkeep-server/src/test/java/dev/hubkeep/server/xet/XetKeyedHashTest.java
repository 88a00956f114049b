package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The BLAKE3 keyed hashes match the vectors huggingface.js checks against xet-core's own build. */
class XetKeyedHashTest {

    // huggingface.js packages/xetchunk-wasm/tests/index.test.ts, "Hash functions (verified against Rust thin-wasm)".
    private static final XetHash FIRST = XetHash.fromHex("118bbac5c38b2bca9c2b7ae8307786de066696b91b2b5ccb7dbbd4608c966882");
    private static final XetHash SECOND = XetHash.fromHex("7884d4de4bcc904767362a91e97eb6c2b6bc5f3a61b640d0cad8bb1129ff0827");

    @Test
    void withKey_matchesTheHmacVector() {
        XetHash key = XetHash.fromHex("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");

        assertThat(KeyedHash.withKey(FIRST, key).hex())
                .isEqualTo("1e1f5ae2bae99fe030647a14a8c5fe6cdce57826387a7552236dfbebed533e04");
    }

    @Test
    void verification_matchesTheVerificationHashVector() {
        assertThat(KeyedHash.verification(List.of(FIRST, SECOND)).hex())
                .isEqualTo("82d580dd3896919ef870af78b2c7bd21e67e79777922bbc8cef1fc21630c308c");
    }

    @Test
    void chunk_isTheSameOnEveryCall() {
        // Bouncy Castle may clear key material after use; a second hash under the same constant key must not change.
        byte[] data = XetVectors.arithmetic(1000, 7, 13);

        assertThat(KeyedHash.chunk(data)).isEqualTo(KeyedHash.chunk(data));
    }
}
