package dev.hubkeep.server.http;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The hub's log on stderr, with the request log's lines written in batches. A request line (logger
 * {@value RequestLog#LOGGER}) waits in a buffer until the buffer is full, another line is logged,
 * or {@value #FLUSH_MILLIS} ms have passed; any other line is written at once, after whatever is
 * waiting, so stderr keeps the order of the events. Writing each request's line on its own cost a
 * system call per request on the hottest paths (docs/performance.md). A process
 * killed outright loses at most the request lines of its last {@value #FLUSH_MILLIS} ms, as
 * nginx's buffered access log does; an orderly stop writes them.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final int FLUSH_MILLIS = 200;
    private static final int BUFFER_BYTES = 32 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private final Supplier<PrintStream> target;
    private Encoder<ILoggingEvent> encoder;
    private ScheduledExecutorService flusher;

    /** Writes to {@code System.err} as it is at each write (as logback's console appender does). */
    public BatchingConsoleAppender() {
        this(() -> System.err);
    }

    BatchingConsoleAppender(Supplier<PrintStream> target) {
        this.target = target;
    }

    /** Set from logback.xml. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
        super.stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        boolean batched = RequestLog.LOGGER.equals(event.getLoggerName());
        lock.lock();
        try {
            if (batched && line.length <= buffer.length - used) {
                System.arraycopy(line, 0, buffer, used, line.length);
                used += line.length;
                return;
            }
            writeWaiting();
            if (batched && line.length <= buffer.length) {
                System.arraycopy(line, 0, buffer, 0, line.length);
                used = line.length;
            } else {
                target.get().write(line, 0, line.length);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes what waits; also called by the flusher. */
    void flush() {
        lock.lock();
        try {
            writeWaiting();
        } finally {
            lock.unlock();
        }
    }

    private void writeWaiting() {
        if (used > 0) {
            target.get().write(buffer, 0, used); // one write of whole lines
            used = 0;
        }
    }
}
