package dev.hubkeep.server.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * What is left of a request body when its answer is ready, read and dropped up to a bound.
 *
 * <p>A server that answers early (a 401 before the body, a 413 for an upload too large) and then
 * closes the connection with the body still arriving makes the kernel reset it, and a reset
 * destroys the answer in flight: the client sees "connection reset" or "no bytes" instead of the
 * status that says what to do (RFC 9112 §9.6 asks servers to read on for this reason). Reading the
 * rest also keeps the connection usable for the client's next request.
 */
public final class UnreadBody {

    /** More than this is not worth reading: the connection is closed instead. Covers a xorb (65 MiB). */
    public static final long LIMIT = 80L * 1024 * 1024;

    private UnreadBody() {}

    /**
     * After any routed handler (or git / LFS entry): drops the rest of the body, unless the client
     * is still waiting for {@code 100 Continue} (reading would ask it to send a body nobody wants)
     * or announced more than {@link #LIMIT}.
     */
    public static void dropAfterAnswer(HttpServletRequest request) {
        long announced = request.getContentLengthLong();
        if (announced == 0 || announced < 0 && request.getHeader("Transfer-Encoding") == null) {
            return; // no body (every GET and HEAD): nothing to read
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            return; // a handler that began reading dropped the rest itself (drop below)
        }
        drop(request);
    }

    /** Drops the rest of the body now: for a handler refusing a body it began to read. */
    public static void drop(Context ctx) {
        drop(ctx.req());
    }

    private static void drop(HttpServletRequest request) {
        if (request.getContentLengthLong() > LIMIT) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = LIMIT;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the handler read the body as characters (so it read it whole)
        }
    }
}
