package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The INSTREAM client's own guarantees: a deadline on the whole exchange, clamd's answers read as they are. */
class ClamdClientTest {

    @TempDir
    Path dir;

    @Test
    void clamdThatNeverAnswers_failsAtTheDeadline() throws IOException {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel ignored = server.accept()) {
                    Thread.sleep(10_000); // holds the connection open, answering nothing
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            ClamdClient client = new ClamdClient("unix:" + socket, Duration.ofMillis(500));

            assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[10]), 100))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("did not answer within");
        }
    }

    @Test
    void nothingListening_isAnIOException() {
        ClamdClient client = new ClamdClient("unix:" + dir.resolve("nobody.sock"), Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.scan(new ByteArrayInputStream(new byte[10]), 100)).isInstanceOf(IOException.class);
    }

    @Test
    void replies_areReadAsClamdWritesThem() throws IOException {
        assertThat(ClamdClient.parse("stream: Eicar-Signature FOUND")).isEqualTo(new ClamdClient.Reply.Found("Eicar-Signature"));
        assertThat(ClamdClient.parse("stream: OK")).isEqualTo(new ClamdClient.Reply.Clean());
        assertThat(ClamdClient.parse("INSTREAM size limit exceeded. ERROR"))
                .isEqualTo(new ClamdClient.Reply.Refused("INSTREAM size limit exceeded. ERROR"));
    }

    @Test
    void malformedAddress_isRefusedUpFront() {
        assertThatThrownBy(() -> ClamdClient.validate("clamd.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
