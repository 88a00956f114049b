package dev.hubkeep.server.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code safetensors} engine: checks the header the way a careful loader would. The file is
 * an 8-byte little-endian header length, a JSON header, then the tensor data; each tensor names
 * its dtype, shape and {@code [begin, end)} offsets into the data. Anything a loader would trip
 * over or that hides bytes (a length past the end, bad JSON, an unknown dtype, offsets outside the
 * data or not matching the shape, two tensors sharing bytes, bytes no tensor covers) is
 * suspicious, with the reason. Only the header is read, however large the file.
 */
final class SafetensorsEngine implements Engine {

    static final String NAME = "safetensors";

    /** The format's own limit on the header (safetensors refuses larger ones). */
    static final long MAX_HEADER = 100_000_000;

    /** Bits per element of each dtype the format defines. */
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8),
            Map.entry("F8_E8M0", 8), Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32), Map.entry("F64", 64), Map.entry("I64", 64),
            Map.entry("U64", 64), Map.entry("C64", 64), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6));

    /** Two tensors of one name would be read differently by different loaders: refused as bad JSON. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean appliesTo(ScanInput input, byte[] head) {
        return input.extension().equals("safetensors")
                || head.length >= 10 && head[8] == '{' && head[9] == '"' && length(head) <= input.size() - 8;
    }

    @Override
    public Finding scan(ScanInput input, byte[] head) throws IOException {
        return check(input).map(reason -> Finding.suspicious(NAME, reason)).orElseGet(() -> Finding.ok(NAME));
    }

    /** Why the file is not a sound safetensors file, if it is not. */
    private static Optional<String> check(ScanInput input) throws IOException {
        long size = input.size();
        if (size < 8) {
            return Optional.of("the file is shorter than the 8-byte header length");
        }
        JsonNode header;
        long headerLength;
        try (InputStream in = input.open()) {
            byte[] prefix = in.readNBytes(8);
            headerLength = length(prefix);
            if (headerLength < 0 || headerLength > MAX_HEADER) {
                return Optional.of("the header length " + Long.toUnsignedString(headerLength) + " is over the format's limit of "
                        + MAX_HEADER);
            }
            if (8 + headerLength > size) {
                return Optional.of("the header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
            }
            byte[] text = in.readNBytes((int) headerLength);
            if (text.length < headerLength) {
                return Optional.of("the file ends inside the header");
            }
            try {
                header = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return Optional.of("the header is not valid JSON");
            }
        }
        if (header == null || !header.isObject()) {
            return Optional.of("the header is not a JSON object");
        }
        return checkTensors(header, size - 8 - headerLength);
    }

    private record Span(String name, long begin, long end) {}

    private static Optional<String> checkTensors(JsonNode header, long dataSize) {
        List<Span> spans = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            String name = field.getKey();
            JsonNode tensor = field.getValue();
            if (name.equals("__metadata__")) {
                if (!tensor.isObject() || tensor.properties().stream().anyMatch(e -> !e.getValue().isTextual())) {
                    return Optional.of("__metadata__ is not a map of strings to strings");
                }
                continue;
            }
            Optional<String> problem = checkTensor(name, tensor, dataSize, spans);
            if (problem.isPresent()) {
                return problem;
            }
        }
        spans.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long covered = 0;
        for (Span span : spans) {
            if (span.begin() < covered) {
                return Optional.of("tensor '" + span.name() + "' overlaps the bytes of another tensor");
            }
            if (span.begin() > covered) {
                return Optional.of("bytes " + covered + " to " + span.begin() + " of the data belong to no tensor");
            }
            covered = span.end();
        }
        if (covered != dataSize) {
            return Optional.of("the last " + (dataSize - covered) + " bytes of the data belong to no tensor");
        }
        return Optional.empty();
    }

    private static Optional<String> checkTensor(String name, JsonNode tensor, long dataSize, List<Span> spans) {
        String where = "tensor '" + name + "'";
        if (!tensor.isObject()) {
            return Optional.of(where + " is not a JSON object");
        }
        Integer bits = DTYPE_BITS.get(tensor.path("dtype").asText(""));
        if (bits == null) {
            return Optional.of(where + " has an unknown dtype '" + tensor.path("dtype").asText("") + "'");
        }
        JsonNode shape = tensor.path("shape");
        JsonNode offsets = tensor.path("data_offsets");
        if (!shape.isArray() || !offsets.isArray() || offsets.size() != 2) {
            return Optional.of(where + " lacks a shape or a [begin, end] data_offsets");
        }
        BigInteger elements = BigInteger.ONE;
        for (JsonNode dimension : shape) {
            if (!dimension.canConvertToLong() || !dimension.isIntegralNumber() || dimension.asLong() < 0) {
                return Optional.of(where + " has a shape that is not a list of non-negative integers");
            }
            elements = elements.multiply(BigInteger.valueOf(dimension.asLong()));
        }
        JsonNode begin = offsets.get(0);
        JsonNode end = offsets.get(1);
        if (!begin.isIntegralNumber() || !end.isIntegralNumber() || !begin.canConvertToLong() || !end.canConvertToLong()
                || begin.asLong() < 0 || end.asLong() < begin.asLong()) {
            return Optional.of(where + " has data_offsets that are not 0 <= begin <= end");
        }
        if (end.asLong() > dataSize) {
            return Optional.of(where + " ends at byte " + end.asLong() + ", past the end of the data (" + dataSize + " bytes)");
        }
        BigInteger expectedBits = elements.multiply(BigInteger.valueOf(bits));
        BigInteger actualBits = BigInteger.valueOf(end.asLong() - begin.asLong()).shiftLeft(3);
        if (!expectedBits.add(BigInteger.valueOf(7)).shiftRight(3).shiftLeft(3).equals(actualBits)) {
            return Optional.of(where + " has " + (end.asLong() - begin.asLong()) + " bytes, not the "
                    + expectedBits.add(BigInteger.valueOf(7)).shiftRight(3) + " its dtype and shape need");
        }
        spans.add(new Span(name, begin.asLong(), end.asLong()));
        return Optional.empty();
    }

    /** The little-endian header length in the first 8 bytes (negative when it exceeds 2^63). */
    private static long length(byte[] head) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (head[i] & 0xff);
        }
        return value;
    }
}
