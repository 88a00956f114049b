package dev.hubkeep.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.http.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The commit body's own limits are the ones that apply, not the JSON parser's defaults. */
class CommitRequestTest {

    @Test
    void fileOf16MiB_inlineBase64_parsesWithinTheDocumentedBodyLimit() {
        byte[] content = new byte[16 * 1024 * 1024]; // 22 million base64 characters: over Jackson's default
        String body = FilesFixture.commit("big", FilesFixture.file("big.bin", content));

        CommitRequest request = CommitRequest.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), Json.mapper());

        assertThat(request.operations()).hasSize(1);
    }
}
