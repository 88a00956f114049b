package dev.hubkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's table names exactly the settings the loader knows, so no setting goes undocumented. */
class ConfigurationDocTest {

    /** A table row's first cell: one or more {@code `name`} separated by commas. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| ((?:`[a-z-]+`(?:, )?)+) \\|");

    @Test
    void settingsTable_namesEveryKnownSettingAndNoOther() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            for (String name : row.group(1).split(", ")) {
                documented.add(name.replace("`", ""));
            }
        }

        assertThat(documented).isEqualTo(new TreeSet<>(ConfigLoader.KEYS));
    }
}
