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

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
