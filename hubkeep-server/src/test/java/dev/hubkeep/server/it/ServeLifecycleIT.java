package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server as an operator runs it: start, answer, stop on SIGTERM. */
class ServeLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void serve_freshDataDirectory_answersHealthz() throws Exception {
        try (HubProcess hub = HubProcess.serve(dir.resolve("data"))) {
            assertThat(hub.browser().get("/healthz").status()).isEqualTo(200);
        }
    }

    @Test
    void sigterm_stopsCleanlyAndSaysSo() throws Exception {
        HubProcess hub = HubProcess.serve(dir.resolve("data"));

        int status = hub.terminate();

        assertThat(status).isIn(0, 143);
        assertThat(Files.readString(hub.stderr())).contains("Stopped");
    }

    @Test
    void sigterm_duringASignup_letsItFinish() throws Exception {
        HubProcess hub = HubProcess.serve(dir.resolve("data"));
        Browser browser = hub.browser();
        CompletableFuture<Response> signup = CompletableFuture.supplyAsync(() -> browser.postJson("/api/signup", """
                {"username": "alice", "email": "alice@example.com", "password": "password-of-alice"}"""));
        Thread.sleep(30); // the request is on its way; hashing the password takes far longer

        hub.terminate();

        assertThat(signup.join().status()).isEqualTo(201);
    }
}
