package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Text a hub sent is printed without what a terminal would obey: escape sequences (which can
 * clear the screen, rewrite earlier lines, set the title, or plant links) and control characters.
 */
class TerminalTest {

    @Test
    void plainTextWithNewlinesAndTabs_unchanged() {
        assertThat(Terminal.safe("acme/bert\tmodel\nnext line: ünïcödé ✓")).isEqualTo("acme/bert\tmodel\nnext line: ünïcödé ✓");
    }

    @Test
    void csiSequences_removedWhole() {
        assertThat(Terminal.safe("a\u001b[2J\u001b[1;31mb\u001b[0m")).isEqualTo("ab");
    }

    @Test
    void oscSequences_removedWholeWhicheverWayTheyEnd() {
        assertThat(Terminal.safe("a\u001b]0;new title\u0007b\u001b]8;;http://evil\u001b\\c")).isEqualTo("abc");
    }

    @Test
    void otherEscapes_removedWhole() {
        assertThat(Terminal.safe("a\u001b(0b\u001bMc\u001b")).isEqualTo("abc");
    }

    @Test
    void c0ControlsOtherThanNewlineAndTab_andDelete_removed() {
        assertThat(Terminal.safe("a\rb\bc\u0007d\u0000e\u007ff")).isEqualTo("abcdef");
    }

    @Test
    void c1Controls_removedWithTheSequencesTheyStart() {
        assertThat(Terminal.safe("a\u009b2Jb\u009d0;title\u009cc\u0085d")).isEqualTo("abcd");
    }

    @Test
    void safeWriter_filtersWhatIsPrintedKeepsItsOwnLineBreaks() {
        StringWriter screen = new StringWriter();
        PrintWriter out = Terminal.safe(new PrintWriter(screen));

        out.println("user: \u001b[2Jmallory");
        out.print('\u001b');
        out.printf("%s%n", "\u0007done");
        out.flush();

        assertThat(screen.toString()).isEqualTo("user: mallory" + System.lineSeparator() + "done" + System.lineSeparator());
    }
}
