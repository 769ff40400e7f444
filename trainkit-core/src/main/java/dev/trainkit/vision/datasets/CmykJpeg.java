package dev.trainkit.vision.datasets;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Four-component (CMYK) JPEGs converted to RGB as PIL's {@code convert("RGB")} does: the raw
 * samples (inverted when an Adobe APP14 marker is present, as Photoshop and PIL write them) and
 * then {@code R = 255 - K - C * (255 - K) / 255} per channel, with PIL's rounding. javax.imageio's
 * own CMYK conversion applies a colour profile and differs by tens of levels; OpenCV's too.
 * YCCK JPEGs (Adobe transform 2) are left to javax.imageio.
 */
final class CmykJpeg {
    private CmykJpeg() {
    }

    /**
     * CHW RGB bytes of a CMYK JPEG, or {@code null} if {@code bytes} is not a plain (transform 0
     * or no Adobe marker) 4-component JPEG.
     */
    static byte[] toChw(byte[] bytes, int[] hw) throws IOException {
        int adobeTransform = adobeTransform(bytes);
        if (NativeImageDecoder.jpegComponents(bytes) != 4 || adobeTransform > 0) {
            return null;
        }
        Raster r;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                r = reader.readRaster(0, null);
            } finally {
                reader.dispose();
            }
        }
        if (r.getNumBands() != 4) {
            return null;
        }
        boolean inverted = adobeTransform == 0;
        int h = r.getHeight();
        int w = r.getWidth();
        int plane = h * w;
        byte[] out = new byte[3 * plane];
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int k = inverted ? 255 - px[4 * x + 3] : px[4 * x + 3];
                int nk = 255 - k;
                for (int c = 0; c < 3; c++) {
                    int v = inverted ? 255 - px[4 * x + c] : px[4 * x + c];
                    int t = v * nk + 128;
                    int m = (t + (t >> 8)) >> 8; // PIL's MULDIV255
                    out[c * plane + y * w + x] = (byte) Math.max(0, Math.min(255, nk - m));
                }
            }
        }
        hw[0] = h;
        hw[1] = w;
        return out;
    }

    /** The transform byte of an Adobe APP14 marker: -1 without one. */
    static int adobeTransform(byte[] b) {
        int i = 2;
        while (i + 4 < b.length && (b[i] & 0xff) == 0xFF) {
            int marker = b[i + 1] & 0xff;
            int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (marker == 0xDA || len < 2) {
                break;
            }
            if (marker == 0xEE && len >= 12 && i + 15 < b.length && b[i + 4] == 'A' && b[i + 5] == 'd'
                    && b[i + 6] == 'o' && b[i + 7] == 'b' && b[i + 8] == 'e') {
                return b[i + 15] & 0xff;
            }
            i += 2 + len;
        }
        return -1;
    }
}
