package dev.trainkit.hub;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

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

    private static final class Bar extends DownloadProgress {
        private final PrintStream err;
        private ProgressBar bar;

        Bar(PrintStream err) {
            this.err = err;
        }

        @Override
        void start(String name, long total, long already) {
            close();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total < 0 ? -1 : total)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit("MB", 1 << 20).showSpeed()
                    .startsFrom(already, Duration.ZERO).build();
        }

        @Override
        void advance(long bytes) {
            bar.stepBy(bytes);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
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
