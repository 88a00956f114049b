package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.hubkeep.server.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {

    final LoggerContext context = new LoggerContext();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final BatchingConsoleAppender appender = new BatchingConsoleAppender(() -> new PrintStream(written, true, StandardCharsets.UTF_8));

    @BeforeEach
    void start() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
    }

    @AfterEach
    void stop() {
        appender.stop();
    }

    @Test
    void otherLine_writtenAtOnce() {
        appender.doAppend(event("dev.hubkeep.server.Hub", "started"));

        assertThat(written()).isEqualTo("started\n");
    }

    @Test
    void requestLines_writtenBeforeTheNextOtherLine_inOrder() {
        appender.doAppend(event(RequestLog.LOGGER, "GET /a 200"));
        appender.doAppend(event(RequestLog.LOGGER, "GET /b 200"));
        appender.doAppend(event("dev.hubkeep.server.Hub", "stopped"));

        assertThat(written()).isEqualTo("GET /a 200\nGET /b 200\nstopped\n");
    }

    @Test
    void requestLine_writtenWithinTheFlushInterval() {
        appender.doAppend(event(RequestLog.LOGGER, "GET /a 200"));

        Await.until(Duration.ofSeconds(5), "the request line is written", () -> written().equals("GET /a 200\n"));
    }

    @Test
    void stop_writesWhatWaits() {
        appender.doAppend(event(RequestLog.LOGGER, "GET /a 200"));
        appender.stop();

        assertThat(written()).isEqualTo("GET /a 200\n");
    }

    @Test
    void moreRequestLinesThanTheBufferHolds_allWrittenWholeAndInOrder() {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            appender.doAppend(event(RequestLog.LOGGER, "GET /file/" + i + " 200"));
            expected.append("GET /file/").append(i).append(" 200\n");
        }
        appender.stop();

        assertThat(written()).isEqualTo(expected.toString());
    }

    private LoggingEvent event(String logger, String message) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName(logger);
        event.setLevel(Level.INFO);
        event.setMessage(message);
        event.setLoggerContext(context);
        event.setTimeStamp(System.currentTimeMillis());
        return event;
    }

    private String written() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8);
        }
    }
}
