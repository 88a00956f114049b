package dev.hubkeep.server.http;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Javalin's own "Failed to start Javalin" line: the hub reports a failed start itself, as one
 * line that says what to do ({@link CannotListenException}), and a second, vaguer ERROR line before
 * it would bury that advice. Every other Javalin message passes.
 *
 * <p>A filter of the appender, so it sees only what is written: a turbo filter would be asked on
 * every logger call, every {@code isDebugEnabled} of Jetty's included (measured: the most sampled
 * method of a loaded hub).
 */
public final class StartFailureLogFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return "io.javalin.Javalin".equals(event.getLoggerName()) && "Failed to start Javalin".equals(event.getMessage())
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
