package dev.trainkit.hub;

import java.io.PrintStream;

/**
 * Reports download progress on stderr: a progress bar on a terminal, plain lines every 10% otherwise
 * (logs and CI output stay readable), nothing when disabled.
 */
abstract class DownloadProgress implements AutoCloseable {
    abstract void start(String name, long total, long already);

    abstract void advance(long bytes);

    @Override
    public abstract void close();

    static DownloadProgress create(boolean enabled, boolean terminal, PrintStream err) {
        if (!enabled) {
            return new DownloadProgress() {
                @Override
                void start(String name, long total, long already) {
                }

                @Override
                void advance(long bytes) {
                }

                @Override
                public void close() {
                }
            };
        }
        return terminal ? new Bar(err) : new Lines(err);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    /** One line redrawn in place ({@code \r}): name, percent, bytes and speed. */
    private static final class Bar extends DownloadProgress {
        private final PrintStream err;
        private String name;
        private long total;
        private long done;
        private long startDone;
        private long startNanos;
        private long lastDraw;

        Bar(PrintStream err) {
            this.err = err;
        }

        @Override
        void start(String name, long total, long already) {
            close();
            this.name = name;
            this.total = total;
            this.done = already;
            this.startDone = already;
            this.startNanos = System.nanoTime();
            draw();
        }

        @Override
        void advance(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastDraw > 200_000_000L) {
                draw();
            }
        }

        private void draw() {
            lastDraw = System.nanoTime();
            double seconds = (lastDraw - startNanos) / 1e9;
            String speed = seconds > 0 ? String.format(" %.1f MB/s", (done - startDone) / 1048576.0 / seconds) : "";
            String pct = total > 0 ? String.format("%3d%% ", 100 * done / total) : "";
            err.print("\r" + name + ": " + pct + mb(done) + (total > 0 ? " of " + mb(total) : "") + speed + "   ");
            err.flush();
        }

        @Override
        public void close() {
            if (name != null) {
                draw();
                err.println();
                name = null;
            }
        }
    }

    private static final class Lines extends DownloadProgress {
        private final PrintStream err;
        private String name;
        private long total;
        private long done;
        private int lastDecile;

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        void start(String name, long total, long already) {
            this.name = name;
            this.total = total;
            this.done = already;
            this.lastDecile = total > 0 ? (int) (10 * already / total) : 0;
            err.println("Downloading " + name + (total > 0 ? " (" + mb(total) + ")" : "")
                    + (already > 0 ? ", resuming at " + mb(already) : ""));
        }

        @Override
        void advance(long bytes) {
            done += bytes;
            if (total > 0) {
                int decile = (int) (10 * done / total);
                if (decile > lastDecile) {
                    lastDecile = decile;
                    err.println(name + ": " + decile * 10 + "% (" + mb(done) + " of " + mb(total) + ")");
                }
            }
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
