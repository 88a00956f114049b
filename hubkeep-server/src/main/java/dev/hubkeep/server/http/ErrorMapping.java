package dev.hubkeep.server.http;

import dev.hubkeep.protocol.ApiError;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.PreconditionFailedException;
import dev.hubkeep.server.errors.RangeNotSatisfiableException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.errors.UnsupportedMediaTypeException;
import dev.hubkeep.server.errors.UpstreamException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the failures routes throw become HTTP responses: status, JSON body and error headers.
 * Handlers never choose an error status themselves; the servlet-level git and LFS endpoints answer
 * in their clients' own formats instead (docs/development.md).
 */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    static void hubException(HubException e, Context ctx) {
        write(ctx, status(e), e.getMessage());
        if (!e.extraFields().isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.putAll(e.extraFields());
            ctx.json(body);
        }
        e.code().ifPresent(code -> ctx.header(ApiError.CODE_HEADER, code.wireName()));
        if (e instanceof RateLimitedException limited) {
            ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (e instanceof UpstreamException upstream) {
            upstream.retryAfter().ifPresent(wait -> ctx.header("Retry-After",
                    Long.toString(Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0)))));
        }
        if (e instanceof RangeNotSatisfiableException range) {
            ctx.header("Content-Range", "bytes */" + range.size());
        }
        if (e instanceof UnauthenticatedException) {
            // Tells git and browsers how to answer; the Hub does the same.
            ctx.header("WWW-Authenticate", "Bearer realm=\"hubkeep\", charset=\"UTF-8\"");
        }
    }

    /** Javalin's own refusals: no such route (404), method not allowed (405), and the like. */
    static void frameworkException(HttpResponseException e, Context ctx) {
        if (e.getStatus() == 404) {
            // No route: say what the path meant (a repository without its namespace, a Hub feature not served).
            java.util.Optional<NotServed.Answer> answer = NotServed.explain(ctx.method().name(), ctx.path());
            if (answer.isPresent()) {
                write(ctx, 404, answer.get().message());
                answer.get().code().ifPresent(code -> ctx.header(ApiError.CODE_HEADER, code.wireName()));
                return;
            }
        }
        write(ctx, e.getStatus(), frameworkMessage(e, ctx));
    }

    /** What a framework refusal says (the explanation of an unrouted path, when there is one). */
    static String frameworkMessage(HttpResponseException e, Context ctx) {
        if (e.getStatus() == 404) {
            java.util.Optional<NotServed.Answer> answer = NotServed.explain(ctx.method().name(), ctx.path());
            if (answer.isPresent()) {
                return answer.get().message();
            }
        }
        return switch (e.getStatus()) {
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "Request refused." : e.getMessage();
        };
    }

    static final String UNEXPECTED = "Internal error. The server's log has the details.";

    /** A bug. Logged with its stack trace; the caller learns nothing about the internals. */
    static void unexpected(Exception e, Context ctx) {
        log(e, ctx);
        write(ctx, 500, UNEXPECTED);
    }

    static void log(Exception e, Context ctx) {
        log.error("Unhandled error in {} {}", ctx.method(), ctx.path(), e);
    }

    /** The status a failure is answered with, as JSON or as a page. */
    static int status(HubException e) {
        return switch (e) {
            case InvalidInputException ignored -> 400;
            case UnauthenticatedException ignored -> 401;
            case ForbiddenException ignored -> 403;
            case NotFoundException ignored -> 404;
            case ConflictException ignored -> 409;
            case PreconditionFailedException ignored -> 412;
            case RangeNotSatisfiableException ignored -> 416;
            case TooLargeException ignored -> 413;
            case UnsupportedMediaTypeException ignored -> 415;
            case RateLimitedException ignored -> 429;
            case UpstreamException upstream -> switch (upstream.failure()) {
                case UNREACHABLE -> 502;
                case UNAVAILABLE -> 503;
                case TIMEOUT -> 504;
            };
        };
    }

    private static void write(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.header(ApiError.MESSAGE_HEADER, headerSafe(message));
        ctx.json(new ApiError(message));
    }

    /**
     * Messages may quote what the caller sent; in a header that must not smuggle line breaks or
     * bytes outside printable ASCII.
     */
    static String headerSafe(String message) {
        StringBuilder safe = new StringBuilder(Math.min(message.length(), 300));
        message.codePoints().limit(300).forEach(c -> safe.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return safe.toString();
    }
}
