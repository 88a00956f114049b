package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors header check, on files laid out as the format defines (8-byte length, JSON, data). */
class SafetensorsEngineTest {

    @TempDir
    Path dir;

    private Finding scan(String header, int dataBytes) throws IOException {
        return scan(header, dataBytes, header.getBytes(StandardCharsets.UTF_8).length);
    }

    private Finding scan(String header, int dataBytes, long declaredLength) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(declaredLength).put(json);
        Path path = dir.resolve("model.safetensors");
        Files.write(path, file.array());
        ScanInput input = PickleFixtures.input(path, "model.safetensors");
        byte[] head;
        try (InputStream in = input.open()) {
            head = in.readNBytes(Scanner.HEAD);
        }
        return new SafetensorsEngine().scan(input, head);
    }

    @Test
    void soundHeader_isOk() throws IOException {
        Finding finding = scan("""
                {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},\
                "b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]}}""", 22);

        assertThat(finding.status()).isEqualTo(ScanStatus.OK);
    }

    @Test
    void headerLengthPastTheEnd_isSuspicious() throws IOException {
        Finding finding = scan("{}", 0, 1_000);

        assertThat(finding.status()).isEqualTo(ScanStatus.SUSPICIOUS);
        assertThat(finding.detail()).contains("runs past the end");
    }

    @Test
    void headerNotJson_isSuspicious() throws IOException {
        assertThat(scan("{\"a\": [", 0).detail()).contains("not valid JSON");
    }

    @Test
    void unknownDtype_isSuspicious() throws IOException {
        assertThat(scan("{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16).detail())
                .contains("unknown dtype");
    }

    @Test
    void offsetsOutsideTheFile_areSuspicious() throws IOException {
        assertThat(scan("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8).detail())
                .contains("past the end of the data");
    }

    @Test
    void overlappingTensors_areSuspicious() throws IOException {
        Finding finding = scan("""
                {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12);

        assertThat(finding.detail()).contains("overlaps");
    }

    @Test
    void bytesNoTensorCovers_areSuspicious() throws IOException {
        assertThat(scan("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 1000).detail())
                .contains("belong to no tensor");
    }

    @Test
    void sizeNotMatchingShape_isSuspicious() throws IOException {
        assertThat(scan("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8).detail())
                .contains("its dtype and shape need");
    }

    @Test
    void duplicateTensorNames_areSuspicious() throws IOException {
        assertThat(scan("""
                {"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}""", 2)
                .status()).isEqualTo(ScanStatus.SUSPICIOUS);
    }
}
