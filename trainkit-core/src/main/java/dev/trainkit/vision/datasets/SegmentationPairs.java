package dev.trainkit.vision.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds and checks the image/mask pairs of a {@link SegmentationFolder}. */
final class SegmentationPairs {
    /** Lossless formats only: a JPEG mask has blurred class boundaries and invented values. */
    static final List<String> MASK_EXTENSIONS = List.of(".png", ".bmp", ".tif", ".tiff");

    private SegmentationPairs() {
    }

    /** Pairs {@code [image, mask]} sorted by name. */
    static List<Path[]> find(Path root) throws IOException {
        Path images = root.resolve("images");
        Path masks = root.resolve("masks");
        for (Path d : List.of(images, masks)) {
            if (!Files.isDirectory(d)) {
                throw new IOException("SegmentationFolder: expected the folder " + d + " (layout: " + root
                        + "/images/<name>.png|jpg and " + root + "/masks/<name>.png)");
            }
        }
        Map<String, Path> byImage = byStem(images, ImageFolder.EXTENSIONS, "image");
        Map<String, Path> byMask = byStem(masks, MASK_EXTENSIONS, "mask");
        if (byImage.isEmpty()) {
            throw new IOException("SegmentationFolder: found no image in " + images + "; supported extensions are "
                    + ImageFolder.EXTENSIONS);
        }
        List<String> noMask = new ArrayList<>();
        for (Map.Entry<String, Path> e : byImage.entrySet()) {
            if (!byMask.containsKey(e.getKey())) {
                noMask.add(e.getValue().toString());
            }
        }
        if (!noMask.isEmpty()) {
            throw new IOException("SegmentationFolder: no mask for image " + few(noMask) + " (expected "
                    + masks.resolve(stem(Path.of(noMask.get(0))) + ".png") + ")");
        }
        List<String> noImage = new ArrayList<>();
        for (Map.Entry<String, Path> e : byMask.entrySet()) {
            if (!byImage.containsKey(e.getKey())) {
                noImage.add(e.getValue().toString());
            }
        }
        if (!noImage.isEmpty()) {
            throw new IOException("SegmentationFolder: no image for mask " + few(noImage) + " (expected "
                    + images.resolve(stem(Path.of(noImage.get(0)))) + " with one of " + ImageFolder.EXTENSIONS + ")");
        }
        List<Path[]> pairs = new ArrayList<>();
        byImage.forEach((k, img) -> pairs.add(new Path[] {img, byMask.get(k)}));
        return List.copyOf(pairs);
    }

    private static Map<String, Path> byStem(Path dir, List<String> extensions, String what) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".")) {
                continue; // hidden files (.DS_Store and the like)
            }
            if (extensions.stream().noneMatch(lower::endsWith)) {
                throw new IOException("SegmentationFolder: unsupported " + what + " file " + f + "; expected one of "
                        + extensions + (what.equals("mask") && (lower.endsWith(".jpg") || lower.endsWith(".jpeg"))
                                ? " (JPEG changes class values: save masks as PNG)" : ""));
            }
            Path previous = out.put(stem(f), f);
            if (previous != null) {
                throw new IOException("SegmentationFolder: two " + what + " files with the name " + stem(f) + ": "
                        + previous + " and " + f);
            }
        }
        return out;
    }

    static String stem(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    private static String few(List<String> files) {
        return files.size() == 1 ? files.get(0)
                : files.subList(0, Math.min(5, files.size())) + (files.size() > 5 ? " and " + (files.size() - 5)
                        + " more" : "");
    }
}
