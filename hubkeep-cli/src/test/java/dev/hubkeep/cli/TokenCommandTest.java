package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hubkeep token rename} and {@code delete} say what they did, naming the token. */
class TokenCommandTest {

    static final String TOKEN = TokenFormat.generate();

    FakeHub hub;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        // One path answers the read, the change and the delete; the method tells them apart.
        hub.route("/api/settings/tokens/t1", path -> switch (hub.requests().getLast().method()) {
            case "PATCH" -> FakeHub.Reply.json("{\"id\": \"t1\", \"name\": \"ci\", \"role\": \"read\"}");
            case "DELETE" -> new FakeHub.Reply(204, "application/json", new byte[0]);
            default -> FakeHub.Reply.json("{\"id\": \"t1\", \"name\": \"laptop\", \"role\": \"read\"}");
        });
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void rename_saysOldAndNewName() {
        int exit = token("rename", "t1", "ci");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Renamed the token \"laptop\" (t1) to \"ci\"");
    }

    @Test
    void delete_saysWhichTokenNoLongerWorks() {
        int exit = token("delete", "t1");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Deleted the token \"laptop\" (t1)").contains("no longer works");
        assertThat(hub.requests()).extracting(FakeHub.Request::method).containsExactly("GET", "DELETE");
    }

    @Test
    void delete_unknownId_refusedWithTheHubsReasonAndNothingDeleted() {
        int exit = token("delete", "nope");

        assertThat(exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("not found");
        assertThat(hub.requests()).extracting(FakeHub.Request::method).containsExactly("GET");
    }

    /** Runs {@code hubkeep token ARGS} against the fake hub, the token given on stdin. */
    private int token(String... args) {
        CommandLine line = new CommandLine(new TokenCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        HubCommand subcommand = line.getSubcommands().get(args[0]).getCommand();
        subcommand.stdin = new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", hub.endpoint(), "--token-stdin"));
        return line.execute(all.toArray(String[]::new));
    }
}
