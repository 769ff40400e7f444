package dev.trainkit.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny generated ImageFolder for CLI tests: {@code root/train} and {@code root/val}, three
 * classes ({@code bright}, {@code dark}, {@code stripes}) of 8×8 PNGs an MLP separates in a few
 * steps, plus a truncated JPEG on request.
 */
final class RunFolders {
    static final String[] CLASSES = {"bright", "dark", "stripes"};

    private RunFolders() {
    }

    /** {@code perClass} training and {@code perClass / 2} validation images per class under {@code root}. */
    static Path imageFolder(Path root, int perClass) throws IOException {
        Random rnd = new Random(7);
        for (String split : new String[] {"train", "val"}) {
            int n = split.equals("train") ? perClass : Math.max(2, perClass / 2);
            for (int c = 0; c < CLASSES.length; c++) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(CLASSES[c]));
                for (int i = 0; i < n; i++) {
                    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            int v = switch (c) {
                                case 0 -> 170 + rnd.nextInt(80);
                                case 1 -> rnd.nextInt(80);
                                default -> (x % 2 == 0 ? 220 : 30) + rnd.nextInt(30) - 15;
                            };
                            v = Math.max(0, Math.min(255, v));
                            img.setRGB(x, y, (v << 16) | (v << 8) | v);
                        }
                    }
                    ImageIO.write(img, "png", dir.resolve(String.format("%03d.png", i)).toFile());
                }
            }
        }
        return root;
    }

    /** Writes a JPEG cut in half (decoders see a premature end of data) at {@code file}. */
    static Path truncatedJpeg(Path file) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(1);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, rnd.nextInt(0xffffff));
            }
        }
        Path full = file.resolveSibling("full-" + file.getFileName());
        ImageIO.write(img, "jpg", full.toFile());
        byte[] b = Files.readAllBytes(full);
        Files.delete(full);
        Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
        return file;
    }
}
