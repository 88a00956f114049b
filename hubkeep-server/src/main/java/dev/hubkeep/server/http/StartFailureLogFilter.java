package dev.hubkeep.server.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Javalin's own "Failed to start Javalin" line: the hub reports a failed start itself, as one
 * line that says what to do ({@link CannotListenException}), and a second, vaguer ERROR line before
 * it would bury that advice. Every other Javalin message passes.
 */
public final class StartFailureLogFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return "io.javalin.Javalin".equals(logger.getName()) && "Failed to start Javalin".equals(format)
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
