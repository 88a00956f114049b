package dev.hubkeep.server.files;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.git.LfsStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A commit as the Hub's clients send it: NDJSON, a {@code header} line (summary, description,
 * optional {@code parentCommit}) and one line per {@code file}, {@code lfsFile},
 * {@code deletedFile} or {@code deletedFolder}. The whole body is read and checked before anything
 * is written, so a bad line refuses the whole commit.
 */
public record CommitRequest(String summary, String description, Optional<String> parentCommit, List<CommitOperation> operations) {

    /** The largest commit body accepted: regular files travel in it base64-encoded, large ones go to LFS. */
    public static final long MAX_BODY_BYTES = 256L * 1024 * 1024;

    public CommitRequest {
        operations = List.copyOf(operations);
    }

    public static CommitRequest parse(InputStream body, ObjectMapper mapper) {
        // A line is bounded by the body limit, so a string in it may be as long: Jackson's own
        // default (20 million characters) would refuse a documented-legal 15 MiB file as "not JSON".
        ObjectMapper json = mapper.copy();
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) MAX_BODY_BYTES)
                .build());
        String summary = null;
        String description = "";
        Optional<String> parent = Optional.empty();
        List<CommitOperation> operations = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        long total = 0;
        int lineNumber = 0;
        InputStream in = new java.io.BufferedInputStream(body, 64 * 1024);
        try {
            for (byte[] line = readLine(in); line != null; line = readLine(in)) {
                lineNumber++;
                total += line.length + 1;
                if (total > MAX_BODY_BYTES) {
                    throw new TooLargeException("The commit is larger than " + MAX_BODY_BYTES / (1024 * 1024)
                            + " MiB; send large files through LFS (preupload answers uploadMode \"lfs\" for them).");
                }
                if (isBlank(line)) {
                    continue;
                }
                JsonNode node = parseLine(json, line, lineNumber);
                String key = text(node, "key", lineNumber);
                JsonNode value = node.get("value");
                if (value == null || !value.isObject()) {
                    throw invalid(lineNumber, "'value' must be an object");
                }
                switch (key) {
                    case "header" -> {
                        summary = text(value, "summary", lineNumber);
                        description = optionalText(value, "description", lineNumber).orElse("");
                        parent = optionalText(value, "parentCommit", lineNumber);
                    }
                    case "file" -> operations.add(new CommitOperation.AddFile(
                            text(value, "path", lineNumber), content(value, lineNumber)));
                    case "lfsFile" -> operations.add(new CommitOperation.AddLfsFile(
                            text(value, "path", lineNumber), pointer(value, lineNumber)));
                    case "deletedFile" -> operations.add(new CommitOperation.DeleteFile(text(value, "path", lineNumber)));
                    case "deletedFolder" -> operations.add(new CommitOperation.DeleteFolder(text(value, "path", lineNumber)));
                    default -> throw invalid(lineNumber, "unknown key '" + shorten(key) + "'");
                }
                if (!key.equals("header") && !touched.add(operations.getLast().path())) {
                    throw invalid(lineNumber, "the path '" + operations.getLast().path() + "' appears twice in one commit");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (summary == null) {
            throw new InvalidInputException("The commit needs a header line: {\"key\":\"header\",\"value\":{\"summary\":…}}.");
        }
        if (summary.isBlank()) {
            throw new InvalidInputException("The commit summary must not be empty.");
        }
        if (parent.isPresent() && !parent.get().matches("[0-9a-f]{40}")) {
            throw new InvalidInputException("'parentCommit' must be a full 40-character commit sha.");
        }
        return new CommitRequest(summary, description, parent, operations);
    }

    private static byte[] content(JsonNode value, int line) {
        String encoding = optionalText(value, "encoding", line).orElse("base64");
        if (!encoding.equals("base64")) {
            throw invalid(line, "'encoding' must be \"base64\"");
        }
        try {
            return Base64.getMimeDecoder().decode(strictBase64(text(value, "content", line), line));
        } catch (IllegalArgumentException e) {
            throw invalid(line, "'content' is not valid base64");
        }
    }

    /** The MIME decoder skips junk silently; a commit must not turn garbage into a file. */
    private static String strictBase64(String content, int line) {
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
            if (!ok) {
                throw invalid(line, "'content' is not valid base64");
            }
        }
        return content;
    }

    private static LfsPointer pointer(JsonNode value, int line) {
        String algo = optionalText(value, "algo", line).orElse("sha256");
        if (!algo.equals("sha256")) {
            throw invalid(line, "'algo' must be \"sha256\"");
        }
        String oid = text(value, "oid", line);
        if (!LfsStore.isOid(oid)) {
            throw invalid(line, "'oid' must be a sha256 in lowercase hex");
        }
        JsonNode size = value.get("size");
        if (size != null && !size.isNull() && (!size.canConvertToLong() || !size.isIntegralNumber() || size.longValue() < 0)) {
            throw invalid(line, "'size' must be a whole number of bytes");
        }
        // Some clients leave the size out; the stored object supplies it then (-1 until then).
        return new LfsPointer(oid, size == null || size.isNull() ? -1 : size.longValue());
    }

    private static JsonNode parseLine(ObjectMapper json, byte[] line, int number) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw invalid(number, "each line must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw invalid(number, "not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field, int line) {
        return optionalText(node, field, line).orElseThrow(() -> invalid(line, "'" + field + "' is required"));
    }

    private static Optional<String> optionalText(JsonNode node, String field, int line) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(line, "'" + field + "' must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            line.write(c);
            if (line.size() > MAX_BODY_BYTES) {
                throw new TooLargeException("A commit line is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB.");
            }
            c = in.read();
        }
        return line.toByteArray();
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static InvalidInputException invalid(int line, String why) {
        return new InvalidInputException("Invalid commit, line " + line + ": " + why + ".");
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    @Override
    public String toString() {
        return "CommitRequest[" + summary.length() + " chars, " + operations.size() + " operations]";
    }
}
