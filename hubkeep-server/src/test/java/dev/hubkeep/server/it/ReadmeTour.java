package dev.hubkeep.server.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tour in README.md as one bash script: its {@code ```sh} blocks, in order, with two documented
 * changes so that it runs in CI, and a prelude that makes any failure fail the script.
 *
 * <ul>
 *   <li>Only {@code ```sh} blocks of the section {@value #SECTION} run; other fences ({@code ```text},
 *       {@code ```json}) are shown to readers, never run.
 *   <li>Every {@value #README_ADDRESS} becomes {@code 127.0.0.1:<port>}, a free port the test
 *       also gives the tour's {@code hubkeep serve} as {@code HUBKEEP_PORT}.
 *   <li>The line that makes the virtualenv ({@code python3 -m venv …}) links the one ./run-tests
 *       made from acceptance/python/requirements.txt instead: CI reaches no Python package index.
 * </ul>
 */
final class ReadmeTour {

    static final String SECTION = "## A five-minute tour";
    static final String README_ADDRESS = "127.0.0.1:8080";

    private static final Pattern SH_BLOCK = Pattern.compile("(?m)^```sh\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern VENV_LINE = Pattern.compile("(?m)^python3 -m venv (\\S+) .*$");

    /**
     * Runs first: stop at the first failing command ({@code -e}), unset variable ({@code -u}) or
     * failing pipe stage, and print each command as it runs. The README's {@code curl -s} prints an
     * HTTP error and goes on; here the error fails the run. On the way out, whatever happened, stop
     * what the tour started (the hub, the gpg agent of its keyring) and keep the tour's exit status.
     */
    static final String PRELUDE = """
            set -euxo pipefail
            curl() { command curl --fail-with-body "$@"; }
            trap 'status=$?; set +e; jobs -p | xargs -r kill 2>/dev/null; \
            if [ -n "${GNUPGHOME:-}" ]; then gpgconf --kill all; fi; exit $status' EXIT
            """;

    /** One {@code ```sh} block and the README line it starts on, for messages. */
    record Block(int line, String code) {}

    private ReadmeTour() {}

    /** The {@code ```sh} blocks of the tour section of {@code markdown}, in order. */
    static List<Block> blocks(String markdown) {
        int start = markdown.indexOf("\n" + SECTION + "\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no section '" + SECTION + "'; ReadmeTourIT runs that section.");
        }
        int end = markdown.indexOf("\n## ", start + SECTION.length());
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);
        List<Block> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(section);
        while (m.find()) {
            int line = (int) markdown.substring(0, start + m.start()).lines().count() + 1;
            blocks.add(new Block(line, m.group(1)));
        }
        return blocks;
    }

    /** The script that runs {@code blocks} against a hub on {@code port}, with the Python client from {@code venv}. */
    static String script(List<Block> blocks, int port, Path venv) {
        StringBuilder script = new StringBuilder(PRELUDE);
        int addresses = 0;
        int venvLines = 0;
        for (Block block : blocks) {
            String code = block.code();
            addresses += count(code, README_ADDRESS);
            code = code.replace(README_ADDRESS, "127.0.0.1:" + port);
            Matcher venvLine = VENV_LINE.matcher(code);
            while (venvLine.find()) {
                venvLines++;
            }
            code = VENV_LINE.matcher(code).replaceAll(m -> Matcher.quoteReplacement("ln -s '" + venv + "' " + m.group(1)));
            script.append("# README.md line ").append(block.line()).append('\n').append(code);
        }
        if (addresses == 0 || venvLines != 1) {
            throw new IllegalStateException("The tour changed: ReadmeTour expects " + README_ADDRESS + " (found " + addresses
                    + " times) and one 'python3 -m venv DIR …' line (found " + venvLines + "). Update ReadmeTour with it.");
        }
        return script.toString();
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
