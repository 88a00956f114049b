package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How ReadmeTourIT reads the README: which blocks run, in which order, changed how. */
class ReadmeTourTest {

    static final String README = """
            # Hubkeep
            ```sh
            ./hubkeep serve
            ```
            ## A five-minute tour
            Start:
            ```sh
            HUB=http://127.0.0.1:8080
            ```
            What it prints:
            ```text
            not run
            ```
            ```sh
            python3 -m venv venv && venv/bin/pip install -q huggingface_hub
            ```
            ## Where to read on
            ```sh
            not in the tour
            ```
            """;

    @Test
    void blocks_onlyShellBlocksOfTheTourSection_inOrderWithTheirLines() {
        assertThat(ReadmeTour.blocks(README)).containsExactly(
                new ReadmeTour.Block(7, "HUB=http://127.0.0.1:8080\n"),
                new ReadmeTour.Block(14, "python3 -m venv venv && venv/bin/pip install -q huggingface_hub\n"));
    }

    @Test
    void script_addressOnTheTestsPortAndTheVirtualenvLinked() {
        String script = ReadmeTour.script(ReadmeTour.blocks(README), 41234, Path.of("/x/.venv"));

        assertThat(script).contains("HUB=http://127.0.0.1:41234\n").contains("ln -s '/x/.venv' venv\n")
                .doesNotContain("8080").doesNotContain("pip install");
    }

    @Test
    void script_tourWithoutTheLinesItChanges_refusedSayingWhat() {
        assertThatThrownBy(() -> ReadmeTour.script(List.of(new ReadmeTour.Block(1, "echo hi\n")), 1, Path.of("/v")))
                .hasMessageContaining("127.0.0.1:8080").hasMessageContaining("python3 -m venv");
    }
}
