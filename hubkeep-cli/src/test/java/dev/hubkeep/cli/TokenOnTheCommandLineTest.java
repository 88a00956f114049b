package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.protocol.TokenFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --token VALUE} shows the token to every user of the machine (the process list) and
 * keeps it in shell history: it still works, with a warning, and {@code --token-stdin} gives the
 * token without either.
 */
class TokenOnTheCommandLineTest {

    static final String TOKEN = TokenFormat.generate();

    FakeHub hub;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
        hub.json("/api/whoami-v2", "{\"name\": \"alice\", \"auth\": {\"accessToken\": {\"displayName\": \"ci\", \"role\": \"read\"}}}");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void tokenFlag_warnsThatOthersCanSeeItAndWhatToUseInstead() {
        whoami("", "--token", TOKEN);

        assertThat(err.toString()).contains("--token").contains("process list").contains("--token-stdin").contains("HF_TOKEN");
    }

    @Test
    void tokenStdin_firstLineOfStdinIsTheTokenSent() {
        int exit = whoami(TOKEN + "\nnot the token\n", "--token-stdin");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(hub.requests()).singleElement().extracting(FakeHub.Request::authorization).isEqualTo(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void tokenStdin_noWarning() {
        whoami(TOKEN + "\n", "--token-stdin");

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void tokenStdin_nothingOnStdin_usageErrorSayingHowToPipeIt() {
        int exit = whoami("", "--token-stdin");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--token-stdin").contains("< ");
    }

    @Test
    void tokenAndTokenStdinTogether_usageError() {
        int exit = whoami(TOKEN + "\n", "--token", TOKEN, "--token-stdin");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void login_tokenFlag_warns() {
        hub.route("/api/whoami-v2", path -> new FakeHub.Reply(401, "application/json",
                "{\"error\": \"Invalid credentials\"}".getBytes(StandardCharsets.UTF_8))); // refused: nothing is saved

        LoginCommand login = new LoginCommand();
        login.stdin = new ByteArrayInputStream(new byte[0]);
        run(login, "--endpoint", hub.endpoint(), "--token", TOKEN);

        assertThat(err.toString()).contains("process list");
    }

    private int whoami(String stdin, String... tokenOptions) {
        WhoamiCommand whoami = new WhoamiCommand();
        whoami.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return run(whoami, Stream.concat(Stream.of("--endpoint", hub.endpoint()), Stream.of(tokenOptions)).toArray(String[]::new));
    }

    private int run(Object command, String... args) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(List.of(args).toArray(String[]::new));
    }
}
