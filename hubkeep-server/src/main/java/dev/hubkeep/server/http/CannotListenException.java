package dev.hubkeep.server.http;

import java.net.BindException;

/**
 * The hub could not take its address and port, said as one line an operator can act on: which
 * port, and what to do (stop the other process, or pick another port).
 */
public final class CannotListenException extends RuntimeException {

    public CannotListenException(String host, int port, Throwable cause) {
        super(message(host, port, cause), cause);
    }

    private static String message(String host, int port, Throwable cause) {
        String reason = bindFailure(cause);
        if (reason.contains("already in use")) {
            return "Port " + port + " on " + host + " is already in use by another process. Stop that process, or start"
                    + " Hubkeep on another port: --port " + (port == 65535 ? 8080 : port + 1) + " (or --port 0 for any free one).";
        }
        if (reason.contains("assign requested address")) {
            return host + " is not an address of this machine. Listen on one of its addresses with --host (127.0.0.1, or"
                    + " 0.0.0.0 for all of them).";
        }
        return "Cannot listen on " + host + ":" + port + " (" + reason + "). Choose another port with --port (ports below"
                + " 1024 need privileges; --port 0 picks any free one).";
    }

    /** The operating system's own words, from the {@link BindException} under Javalin's and Jetty's wrappers. */
    private static String bindFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return String.valueOf(cause.getMessage());
    }
}
