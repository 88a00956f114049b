package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the commands print of a hub's answers (names, messages) reaches the terminal without escape sequences. */
class HubTextOnScreenTest {

    static final String CLEAR_AND_RETITLE = "\u001b[2J\u001b]0;pwned\u0007";

    FakeHub hub;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void whoami_namesFromTheHub_printedWithoutEscapes() {
        hub.json("/api/whoami-v2", "{\"name\": \"mallory" + json(CLEAR_AND_RETITLE) + "\", \"orgs\": [{\"name\": \"acme"
                + json(CLEAR_AND_RETITLE) + "\"}], \"auth\": {\"accessToken\": {\"displayName\": \"ci\", \"role\": \"read\"}}}");

        int exit = run(new WhoamiCommand());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("user:  mallory").contains("acme (member)").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void refusal_hubsMessage_printedWithoutEscapes() {
        hub.route("/api/whoami-v2", path -> new FakeHub.Reply(403, "application/json",
                ("{\"error\": \"Forbidden" + json(CLEAR_AND_RETITLE) + "\"}").getBytes(StandardCharsets.UTF_8)));

        int exit = run(new WhoamiCommand());

        assertThat(exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("Not allowed: Forbidden").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void progressNote_printedWithoutEscapes() {
        StringWriter screen = new StringWriter();

        Progress.to(new PrintWriter(screen), false).note("Resuming \u001b[2Jweights.bin");

        assertThat(screen.toString()).isEqualTo("Resuming weights.bin" + System.lineSeparator());
    }

    private int run(Object command) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--endpoint", hub.endpoint(), "--token", TokenFormat.generate());
    }

    /** {@code text} as it stands inside a JSON string. */
    private static String json(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return escaped.toString();
    }
}
