package dev.hubkeep.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Transfer progress on a terminal: one line redrawn in place for what is in flight (a file, or
 * "3 files" when several go at once) with a bar, the bytes and the rate; each finished file leaves
 * a line of its own. Redrawn at most ten times a second.
 */
final class ProgressBar implements Progress {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int BAR_WIDTH = 24;
    private static final int NAME_WIDTH = 32;
    private static final String ERASE_TO_END = "\u001b[K";

    private record Transfer(long done, long total) {}

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final Map<String, Transfer> active = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private long started = -1;
    private long finishedBytes;
    private boolean drawn;
    private long lastDraw;

    ProgressBar(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized void advanced(String what, long done, long total) {
        if (finished.contains(what)) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (started < 0) {
            started = now;
        }
        if (done >= total) {
            active.remove(what);
            finished.add(what);
            finishedBytes += total;
            err.print("\r" + line(shorten(what), total, total, now) + ERASE_TO_END + "\n");
            redraw(now);
            return;
        }
        active.put(what, new Transfer(done, total));
        if (!drawn || now - lastDraw >= REDRAW_NANOS) {
            redraw(now);
        }
    }

    @Override
    public synchronized void note(String message) {
        err.print("\r" + ERASE_TO_END);
        err.println(message);
        redraw(nanoTime.getAsLong());
    }

    private void redraw(long now) {
        if (!active.isEmpty()) {
            long done = active.values().stream().mapToLong(Transfer::done).sum();
            long total = active.values().stream().mapToLong(Transfer::total).sum();
            String label = active.size() == 1 ? shorten(active.keySet().iterator().next()) : active.size() + " files";
            err.print("\r" + line(label, done, total, now) + ERASE_TO_END);
            lastDraw = now;
            drawn = true;
        }
        err.flush();
    }

    /** {@code name  [=====>      ]  45%  13.5 MB / 30.0 MB  12.0 MB/s}; the rate counts everything sent since the start. */
    private String line(String label, long done, long total, long now) {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = total == 0 ? BAR_WIDTH : (int) (done * BAR_WIDTH / total);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        bar.append(']');
        double seconds = (now - started) / 1e9;
        long sent = finishedBytes + active.values().stream().mapToLong(Transfer::done).sum();
        String rate = seconds < 0.05 ? "" : "  " + bytes((long) (sent / seconds)) + "/s";
        return String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %s %3d%%  %s / %s%s", label, bar, percent, bytes(done), bytes(total), rate);
    }

    private static String shorten(String name) {
        return name.length() <= NAME_WIDTH ? name : "..." + name.substring(name.length() - NAME_WIDTH + 3);
    }

    /** Sizes as the Hub's tools print them: decimal units, one decimal. */
    static String bytes(long count) {
        if (count < 1000) {
            return count + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
