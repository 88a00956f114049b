package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user sees on a terminal while files go up or down. */
class ProgressBarTest {

    StringWriter screen = new StringWriter();
    long now = 0;
    ProgressBar bar = new ProgressBar(new PrintWriter(screen), () -> now);

    @Test
    void halfway_barHalfFullWithBytesAndRate() {
        bar.advanced("weights.bin", 0, 30_000_000);
        now = TimeUnit.SECONDS.toNanos(1);
        bar.advanced("weights.bin", 15_000_000, 30_000_000);

        assertThat(lastLine()).startsWith("weights.bin")
                .contains("[============>           ]")
                .contains(" 50%")
                .contains("15.0 MB / 30.0 MB")
                .contains("15.0 MB/s");
    }

    @Test
    void finishedFile_leavesAFullLineOfItsOwn() {
        bar.advanced("weights.bin", 0, 2_000);
        now = TimeUnit.SECONDS.toNanos(1);
        bar.advanced("weights.bin", 2_000, 2_000);
        bar.advanced("weights.bin", 2_000, 2_000);

        assertThat(screen.toString()).containsOnlyOnce("100%").contains("[========================]").endsWith("\n");
    }

    @Test
    void severalFilesInFlight_oneLineForAllOfThem() {
        bar.advanced("a.bin", 0, 1_000_000);
        bar.advanced("b.bin", 0, 3_000_000);
        now = TimeUnit.SECONDS.toNanos(2);
        bar.advanced("a.bin", 1_000_000 - 1, 1_000_000);
        now += TimeUnit.SECONDS.toNanos(1);
        bar.advanced("b.bin", 1_000_001, 3_000_000);

        assertThat(lastLine()).startsWith("2 files").contains(" 50%").contains("2.0 MB / 4.0 MB");
    }

    @Test
    void updatesFasterThanTenASecond_notAllRedrawn() {
        bar.advanced("weights.bin", 0, 1_000);
        for (int done = 1; done < 1_000; done++) {
            now += TimeUnit.MILLISECONDS.toNanos(1);
            bar.advanced("weights.bin", done, 1_000);
        }

        assertThat(screen.toString().split("\r")).hasSizeLessThan(20);
    }

    @Test
    void note_clearsTheBarPrintsTheNoteThenRedraws() {
        bar.advanced("weights.bin", 500, 1_000);
        bar.note("Resumed weights.bin");

        String[] lines = screen.toString().split("\n");
        assertThat(lines[0]).endsWith("Resumed weights.bin");
        assertThat(lines[lines.length - 1]).contains("weights.bin").contains(" 50%");
    }

    @Test
    void longName_shortenedFromTheStart() {
        bar.advanced("a/very/deeply/nested/folder/of/checkpoints/model.safetensors", 1, 2);

        assertThat(lastLine()).startsWith("...").contains("checkpoints/model.safetensors");
    }

    @Test
    void bytes_decimalUnitsLikeTheHubsTools() {
        assertThat(ProgressBar.bytes(999)).isEqualTo("999 B");
        assertThat(ProgressBar.bytes(1_500)).isEqualTo("1.5 kB");
        assertThat(ProgressBar.bytes(31_457_280)).isEqualTo("31.5 MB");
        assertThat(ProgressBar.bytes(5_000_000_000L)).isEqualTo("5.0 GB");
    }

    private String lastLine() {
        String text = screen.toString();
        return text.substring(text.lastIndexOf('\r') + 1).replace("\u001b[K", "");
    }
}
