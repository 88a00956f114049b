package dev.hubkeep.server.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client of clamd's {@code INSTREAM} command, over a unix or TCP socket: the content goes in
 * chunks (a 4-byte big-endian length, then the bytes; a zero length ends it), never held whole;
 * clamd answers {@code stream: OK}, {@code stream: <signature> FOUND} or an error. One connection
 * per file. The whole exchange has a deadline: past it the connection is closed and the scan fails.
 */
final class ClamdClient {

    /** What clamd said of one stream. */
    sealed interface Reply {
        record Clean() implements Reply {}

        record Found(String signature) implements Reply {}

        /** clamd answered, but with an error (its size limit, a broken database). */
        record Refused(String message) implements Reply {}
    }

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 4096;

    private final String address;
    private final Duration timeout;

    /**
     * @param address {@code unix:/path}, or a path starting with {@code /}, for a unix socket;
     *     {@code tcp:host:port} or {@code host:port} for TCP
     */
    ClamdClient(String address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
        socketAddress(); // a malformed address fails at startup, not at the first scan
    }

    /** Checks a configured address without connecting; throws IllegalArgumentException saying what is wrong. */
    static void validate(String address) {
        new ClamdClient(address, Duration.ofSeconds(1));
    }

    /**
     * Streams at most {@code limit} bytes of {@code content} to clamd; throws IOException when clamd
     * cannot be reached or does not answer in time.
     */
    Reply scan(InputStream content, long limit) throws IOException {
        SocketAddress target = socketAddress();
        try (SocketChannel channel = target instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open()) {
            Deadline deadline = new Deadline(channel, timeout);
            try {
                channel.connect(target);
                IOException sending = send(channel, content, limit);
                String reply = receive(channel);
                if (reply.isEmpty() && sending != null) {
                    throw sending;
                }
                return parse(reply);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw new IOException("clamd did not answer within " + timeout.toSeconds() + " s", e);
                }
                throw e;
            } finally {
                deadline.cancel();
            }
        }
    }

    /** Sends the command and the chunks; a failure while sending is returned, as clamd may have answered (its size limit). */
    private static IOException send(SocketChannel channel, InputStream content, long limit) throws IOException {
        write(channel, ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
        byte[] buffer = new byte[CHUNK];
        long left = limit;
        try {
            while (left > 0) {
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                ByteBuffer frame = ByteBuffer.allocate(4 + n).putInt(n).put(buffer, 0, n).flip();
                write(channel, frame);
                left -= n;
            }
            write(channel, ByteBuffer.allocate(4).putInt(0).flip());
            return null;
        } catch (IOException e) {
            if (!channel.isOpen()) {
                throw e;
            }
            return e;
        }
    }

    private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String receive(SocketChannel channel) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (reply.size() < MAX_REPLY) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                if (reply.size() > 0 || !channel.isOpen()) {
                    throw e;
                }
                return ""; // reset before any answer: let the caller report why sending failed
            }
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == 0) {
                    return reply.toString(StandardCharsets.UTF_8).strip();
                }
                reply.write(b);
            }
        }
        return reply.toString(StandardCharsets.UTF_8).strip();
    }

    static Reply parse(String reply) throws IOException {
        if (reply.isEmpty()) {
            throw new IOException("clamd closed the connection without an answer");
        }
        String body = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
        if (body.equals("OK")) {
            return new Reply.Clean();
        }
        if (body.endsWith(" FOUND")) {
            return new Reply.Found(body.substring(0, body.length() - " FOUND".length()).strip());
        }
        return new Reply.Refused(body);
    }

    private SocketAddress socketAddress() {
        if (address.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(Path.of(address.substring("unix:".length())));
        }
        if (address.startsWith("/")) {
            return UnixDomainSocketAddress.of(Path.of(address));
        }
        String hostPort = address.startsWith("tcp:") ? address.substring("tcp:".length()) : address;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + address + "' is neither unix:/path/to/clamd.sock nor host:port");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            String host = hostPort.substring(0, colon).replaceAll("^\\[|]$", "");
            return new InetSocketAddress(host, port); // resolved at each scan: clamd's host may move
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' does not end with a port number from 1 to 65535");
        }
    }

    /** Closes the channel if the exchange is not over by the deadline (blocking channels have no read timeout). */
    private static final class Deadline {
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicBoolean expired = new AtomicBoolean();

        Deadline(SocketChannel channel, Duration timeout) {
            Thread.ofVirtual().name("clamd-deadline").start(() -> {
                try {
                    if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        expired.set(true);
                        channel.close();
                    }
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        boolean expired() {
            return expired.get();
        }

        void cancel() {
            done.countDown();
        }
    }
}
