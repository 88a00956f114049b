package dev.hubkeep.cli;

import java.io.PrintWriter;

/** What a long transfer reports: a line per file on a terminal, nothing when piped; notes always. */
public interface Progress {

    /** {@code done} of {@code total} bytes of {@code what} are through. */
    void advanced(String what, long done, long total);

    /** Something the user should know even when output is piped (e.g. a download resuming). */
    void note(String message);

    Progress QUIET = new Progress() {
        @Override
        public void advanced(String what, long done, long total) {}

        @Override
        public void note(String message) {}
    };

    /** Percentages on the terminal (only when there is one) and notes on {@code err}. */
    static Progress to(PrintWriter err, boolean terminal) {
        return new Progress() {
            private String last = "";

            @Override
            public synchronized void advanced(String what, long done, long total) {
                if (!terminal) {
                    return;
                }
                String line = what + " " + (total == 0 ? 100 : done * 100 / total) + "%";
                if (!line.equals(last)) {
                    err.print("\r" + line + (done == total ? "\n" : ""));
                    err.flush();
                    last = line;
                }
            }

            @Override
            public synchronized void note(String message) {
                err.println(message);
                err.flush();
            }
        };
    }
}
