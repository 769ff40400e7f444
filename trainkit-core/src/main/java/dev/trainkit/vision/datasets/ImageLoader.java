package dev.trainkit.vision.datasets;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file (JPEG, PNG, BMP, TIFF) to an RGB uint8 tensor {@code [3, H, W]}, as
 * torchvision's {@code default_loader} ({@code Image.open(f).convert("RGB")}) followed by conversion
 * to a tensor. Grayscale images are replicated to three channels; an alpha channel is dropped, as
 * PIL's {@code convert("RGB")} does. EXIF orientation is not applied: neither PIL's plain
 * {@code open} nor torchvision's loader applies it ({@code ImageOps.exif_transpose} would).
 *
 * <p>JPEGs (grayscale or YCbCr) and 8-bit PNGs decode in native code (OpenCV's libjpeg-turbo and
 * libpng, {@link NativeImageDecoder}); CMYK JPEGs convert with PIL's formula ({@link CmykJpeg});
 * 16-bit grayscale clips to 255 as PIL's mode "I" does; other files (BMP, TIFF, 16-bit colour PNGs)
 * and machines without the OpenCV natives use {@code javax.imageio}. Decode parity with PIL is
 * tested on the files of {@code tools/golden/gen_images.py}: PNGs exact, JPEGs within 1 level.
 *
 * <pre>{@code
 * Tensor img = ImageLoader.load(Path.of("cat.jpg"));       // uint8 [3, H, W]
 * }</pre>
 *
 * <p>The tensor belongs to the caller's current {@code TensorScope}. The native path uses
 * libjpeg-turbo as PIL does; javax.imageio's JPEG decoder differs in its IDCT and chroma
 * upsampling, so on that path pixels can differ by a few levels from PIL's.
 */
public final class ImageLoader {
    static {
        ImageIO.setUseCache(false); // decode in memory: no temporary files per image
    }

    private ImageLoader() {
    }

    /**
     * @throws IOException naming the file if it cannot be read or no decoder recognises it
     */
    public static Tensor load(Path file) throws IOException {
        return load(file, false);
    }

    /**
     * The same image as {@link #load}, {@code [3, H, W]} uint8 with the same values, but in
     * channels-last memory (a view of the decoder's interleaved {@code H × W × 3} pixels, strides
     * {@code [1, 3W, 3]}): it saves the copy to planar order, and ATen's uint8 resize kernels are
     * fastest on this layout. The fast path of {@link ImageFolder#uint8}. Files the native decoder
     * does not take (CMYK JPEG, BMP, TIFF, ...) come planar, with the same values.
     *
     * @throws IOException naming the file if it cannot be read or no decoder recognises it
     */
    public static Tensor loadChannelsLast(Path file) throws IOException {
        return load(file, true);
    }

    private static Tensor load(Path file, boolean channelsLast) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read image " + file + ": " + e, e);
        }
        Tensor hwc;
        try {
            hwc = NativeImageDecoder.decodeToTensor(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (hwc != null) {
            Tensor chw = hwc.permute(2, 0, 1);
            return channelsLast ? chw : chw.contiguous(); // planar: HWC to CHW in one ATen copy
        }
        int[] hw = new int[2];
        byte[] cmyk;
        try {
            cmyk = CmykJpeg.toChw(bytes, hw);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (cmyk != null) {
            return Torch.fromBytes(cmyk, DType.UINT8, 3, hw[0], hw[1]);
        }
        BufferedImage img = decodeStrictly(file, bytes);
        return Torch.fromBytes(toChw(img), DType.UINT8, 3, img.getHeight(), img.getWidth());
    }

    /**
     * Decodes with javax.imageio, strictly: a decoder warning (it fills a truncated JPEG with grey
     * and only warns) is an error, as PIL's "image file is truncated".
     */
    private static BufferedImage decodeStrictly(Path file, byte[] bytes) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("cannot decode image " + file + ": not a JPEG, PNG, BMP or TIFF image"
                        + " (neither OpenCV nor javax.imageio recognised it)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(iis, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException("cannot decode image " + file + ": corrupt or truncated (" + warnings.get(0)
                            + ")");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("cannot decode image")) {
                throw e;
            }
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
    }

    /** RGB planes, CHW order, from any BufferedImage. */
    static byte[] toChw(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = h * w;
        byte[] out = new byte[3 * plane];
        Raster r = img.getRaster();
        boolean packedBytes = r.getDataBuffer() instanceof DataBufferByte && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0;
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && packedBytes) {
            // the JPEG decoder's usual output: interleaved B, G, R bytes
            byte[] bgr = ((DataBufferByte) r.getDataBuffer()).getData();
            for (int i = 0, p = 0; i < plane; i++, p += 3) {
                out[i] = bgr[p + 2];
                out[plane + i] = bgr[p + 1];
                out[2 * plane + i] = bgr[p];
            }
        } else if (img.getType() == BufferedImage.TYPE_BYTE_GRAY && packedBytes) {
            // the raw levels, as PIL's "L" -> "RGB"; getRGB would apply a colour-space conversion
            byte[] g = ((DataBufferByte) r.getDataBuffer()).getData();
            System.arraycopy(g, 0, out, 0, plane);
            System.arraycopy(g, 0, out, plane, plane);
            System.arraycopy(g, 0, out, 2 * plane, plane);
        } else if (r.getNumBands() == 1 || r.getNumBands() == 2) {
            // other grayscale layouts (16-bit PNG, gray + alpha): first band; PIL opens 16-bit
            // grayscale as mode "I" and convert("RGB") clips it to 255, so do the same
            int bits = img.getColorModel().getComponentSize(0);
            for (int y = 0, i = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    int v = r.getSample(x, y, 0);
                    byte b = (byte) (bits > 8 ? Math.min(v, 255) : v);
                    out[i] = b;
                    out[plane + i] = b;
                    out[2 * plane + i] = b;
                }
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                out[i] = (byte) (p >> 16);
                out[plane + i] = (byte) (p >> 8);
                out[2 * plane + i] = (byte) p;
            }
        }
        return out;
    }
}
