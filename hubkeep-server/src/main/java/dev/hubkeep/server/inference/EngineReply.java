package dev.hubkeep.server.inference;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine's successful answer, its body read as it arrives. An engine that goes silent for longer
 * than its timeout in the middle of a body has the body closed under it: the reader's next read fails
 * and {@link #timedOut()} says why. Close it when done (that also stops the engine's work on it).
 */
public final class EngineReply implements AutoCloseable {

    private final int status;
    private final Optional<String> contentType;
    private final Watched body;
    private final ScheduledFuture<?> watchdog;

    EngineReply(int status, Optional<String> contentType, InputStream body, long timeoutNanos,
            ScheduledExecutorService scheduler) {
        this.status = status;
        this.contentType = contentType;
        this.body = new Watched(body);
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), timeoutNanos / 4);
        this.watchdog = scheduler.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - this.body.lastProgress.get() > timeoutNanos) {
                this.body.expire();
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    public int status() {
        return status;
    }

    public Optional<String> contentType() {
        return contentType;
    }

    /** Whether the engine sends server-sent events (a streamed answer). */
    public boolean isEventStream() {
        return contentType.map(type -> type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    public InputStream body() {
        return body;
    }

    /** Whether the body was closed because the engine went silent for longer than its timeout. */
    public boolean timedOut() {
        return body.expired.get();
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        try {
            body.close();
        } catch (IOException e) {
            // closing an abandoned exchange: nothing left to tell anyone
        }
    }

    /** Notes each read's progress, so the watchdog knows the engine is still talking. */
    private static final class Watched extends FilterInputStream {

        final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        final AtomicBoolean expired = new AtomicBoolean();

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            lastProgress.set(System.nanoTime());
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            lastProgress.set(System.nanoTime());
            return n;
        }

        void expire() {
            if (expired.compareAndSet(false, true)) {
                try {
                    in.close();
                } catch (IOException e) {
                    // the reader learns of it from its read
                }
            }
        }
    }
}
