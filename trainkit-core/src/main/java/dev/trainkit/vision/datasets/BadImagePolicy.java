package dev.trainkit.vision.datasets;

import java.util.Locale;

/**
 * What {@link ImageFolder} does with a file it cannot decode (corrupt, truncated, not an image).
 * {@link #ERROR}: {@code get} throws naming the file (torchvision's behaviour: PIL raises).
 * {@link #SKIP}: every file is decoded once when the folder is opened and unreadable ones are
 * left out and listed ({@link ImageFolder#skipped()}), as torchvision's {@code is_valid_file}
 * filter would do.
 *
 * <pre>{@code
 * ImageFolder f = new ImageFolder(Path.of("data/train"), transform, BadImagePolicy.SKIP);
 * f.skipped();   // [data/train/cat/broken.jpg]
 * // datasets.ImageFolder(root, transform, is_valid_file=lambda p: can_open(p))
 * }</pre>
 */
public enum BadImagePolicy {
    /** Fail on the first unreadable image, naming it. */
    ERROR,
    /** Leave unreadable images out (found when the folder is opened) and count them. */
    SKIP;

    /** {@code error} or {@code skip} (case-insensitive). */
    public static BadImagePolicy of(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("bad image policy: expected error or skip, got '" + name + "'");
        };
    }
}
