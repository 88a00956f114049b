package dev.hubkeep.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first step of every request: a path that two readers could understand differently never
 * reaches routing. The route table and the git filter match the raw path as sent; the container
 * would decode and normalise it. Where the two can differ — a dot segment in any encoding
 * ({@code .}, {@code %2e}, {@code %252e}), a {@code ;} parameter, an empty segment, an invalid or
 * control-character escape — the request is refused with 400, so there is only one path to decide
 * on. Encoded slashes stay legal: the Hub's clients send revisions such as {@code refs%2Fpr%2F1}.
 */
public final class AmbiguousPaths extends Handler.Wrapper {

    /** How many layers of percent-encoding are peeled looking for a dot segment. */
    private static final int DECODE_DEPTH = 4;

    /** Why {@code rawPath} is ambiguous, or empty when it has one meaning. */
    public static Optional<String> problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("The path must start with '/'.");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("The path holds a ';' parameter.");
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !last) {
                return Optional.of("The path holds an empty segment ('//').");
            }
            Optional<String> problem = segmentProblem(segment);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> segmentProblem(String segment) {
        String current = segment;
        for (int depth = 0; depth <= DECODE_DEPTH; depth++) {
            if (current.equals(".") || current.equals("..")) {
                return Optional.of("The path holds a '.' or '..' segment" + (depth > 0 ? " (percent-encoded)." : "."));
            }
            for (int i = 0; i < current.length(); i++) {
                char c = current.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return Optional.of("The path holds a control character or a backslash.");
                }
            }
            if (current.indexOf('%') < 0) {
                return Optional.empty();
            }
            Optional<String> decoded = percentDecode(current);
            if (decoded.isEmpty()) {
                return Optional.of("The path holds an invalid percent-escape.");
            }
            current = decoded.get();
        }
        return Optional.of("The path is percent-encoded too many times.");
    }

    /** One layer of percent-decoding as UTF-8, or empty for a malformed escape. */
    private static Optional<String> percentDecode(String text) {
        byte[] out = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                out[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                return Optional.empty(); // a raw non-ASCII byte never reaches here on a valid request line
            }
        }
        return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Optional<String> problem = problem(request.getHttpURI().getPath());
        if (problem.isEmpty()) {
            return super.handle(request, response, callback);
        }
        refuse(response, callback, problem.get());
        return true;
    }

    private static void refuse(Response response, Callback callback, String problem) throws JsonProcessingException {
        String message = problem + " Send the path in its plain form, e.g. /api/models/alice/bert or "
                + "/alice/bert/resolve/main/config.json.";
        byte[] body = Json.mapper().writeValueAsBytes(Map.of("error", message));
        response.setStatus(400);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
