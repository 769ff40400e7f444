package dev.trainkit.vision.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads a segmentation mask as one integer per pixel: the gray level, the palette index of a
 * palette image (PIL mode "P"), or the common value of an RGB image with equal channels.
 */
final class MaskReader {
    record Mask(int height, int width, long[] values) {
    }

    private MaskReader() {
    }

    static Mask read(Path file) throws IOException {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode mask " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("cannot decode mask " + file + ": not a PNG, BMP or TIFF image");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        long[] v = new long[h * w];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i++) {
                int a = r.getSample(x, y, 0);
                if (bands >= 3) {
                    int g = r.getSample(x, y, 1);
                    int b = r.getSample(x, y, 2);
                    if (g != a || b != a) {
                        throw new IOException("mask " + file + " is a colour image (pixel (y=" + y + ", x=" + x
                                + ") is RGB " + a + "," + g + "," + b + "); expected one class index per pixel:"
                                + " a grayscale or palette PNG, or RGB with equal channels");
                    }
                }
                v[i] = a; // 1 or 2 bands: gray (+ alpha, dropped) or palette index
            }
        }
        return new Mask(h, w, v);
    }
}
