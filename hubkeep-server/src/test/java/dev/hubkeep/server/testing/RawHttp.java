package dev.hubkeep.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request with its target sent byte for byte as given, like {@code curl --path-as-is}:
 * the JDK's client normalises dot segments and encodings, which is exactly what an attacker avoids.
 */
public final class RawHttp {

    /** Status line's code and the body (dechunking not needed: the server closes the connection). */
    public record Reply(int status, String head, String body) {}

    private RawHttp() {}

    public static Reply send(URI base, String method, String target, String authorization) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("DELETE")) {
                request.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            } else {
                request.append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String whole = readAll(socket.getInputStream());
            int end = whole.indexOf("\r\n\r\n");
            String head = end < 0 ? whole : whole.substring(0, end);
            String body = end < 0 ? "" : whole.substring(end + 4);
            String[] statusLine = head.split(" ", 3);
            return new Reply(Integer.parseInt(statusLine[1]), head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes each request whole, one after another on one connection, then reads all that comes
     * back until the server closes (the last request should say {@code Connection: close}). A server
     * that closed after an earlier answer shows as a missing answer or a reset.
     */
    public static String exchange(URI base, byte[]... requests) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            for (byte[] request : requests) {
                out.write(request);
            }
            out.flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's head with {@code headers} (each {@code "Name: value"}) followed by {@code body}. */
    public static byte[] request(URI base, String method, String target, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] whole = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
