package dev.hubkeep.cli;

import java.io.PrintWriter;

/** What a long transfer reports: a progress bar on a terminal, nothing when piped; notes always. */
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

    /** A {@link ProgressBar} on {@code err} when it is a terminal; otherwise only the notes. */
    static Progress to(PrintWriter err, boolean terminal) {
        if (terminal) {
            return new ProgressBar(err, System::nanoTime);
        }
        return new Progress() {
            @Override
            public void advanced(String what, long done, long total) {}

            @Override
            public synchronized void note(String message) {
                err.println(message);
                err.flush();
            }
        };
    }
}
