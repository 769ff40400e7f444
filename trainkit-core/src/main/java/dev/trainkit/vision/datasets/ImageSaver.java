package dev.trainkit.vision.datasets;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.global.torch;

/**
 * Writes uint8 CHW image tensors as PNG files and tiles images into a grid, as
 * {@code torchvision.utils.save_image} and {@code make_grid} do (padding 2, black).
 *
 * <pre>{@code
 * ImageSaver.savePng(Path.of("out.png"), img);                         // uint8 [3, H, W] or [1, H, W]
 * Tensor grid = ImageSaver.makeGrid(List.of(a, b, c, d), 2, 2);        // make_grid([a, b, c, d], nrow=2)
 * }</pre>
 */
public final class ImageSaver {
    private ImageSaver() {
    }

    /**
     * Writes {@code img} (uint8 {@code [1 or 3, H, W]}) as a PNG file, atomically.
     *
     * @throws IllegalArgumentException for another dtype or shape
     * @throws IOException if the file cannot be written
     */
    public static void savePng(Path file, Tensor img) throws IOException {
        if (img.dtype() != DType.UINT8 || img.dim() != 3 || (img.size(0) != 1 && img.size(0) != 3)) {
            throw new IllegalArgumentException("save png: expected a uint8 image [1 or 3, H, W], got " + img.describe());
        }
        int h = (int) img.size(1);
        int w = (int) img.size(2);
        BufferedImage out;
        if (img.size(0) == 3) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            // interleaved B, G, R bytes: the channels reversed and moved last, by ATen
            Tensor bgr = NativeInterop.call("flip", () -> torch.flip(NativeInterop.handle(img), 0L), img);
            byte[] bytes = Torch.toBytes(bgr.permute(1, 2, 0).contiguous());
            System.arraycopy(bytes, 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0, bytes.length);
        } else {
            out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] bytes = Torch.toBytes(img.contiguous());
            System.arraycopy(bytes, 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0, bytes.length);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        if (!ImageIO.write(out, "png", buf)) {
            throw new IOException("save png: no PNG writer in javax.imageio");
        }
        AtomicFiles.write(file, buf.toByteArray());
    }

    /**
     * Tiles images {@code [C, H, W]} (same dtype and channels) into one image, {@code nrow} per row,
     * {@code padding} pixels of zeros around each ({@code torchvision.utils.make_grid}). Smaller
     * images are placed at the top-left of a cell of the largest size.
     */
    public static Tensor makeGrid(List<Tensor> images, int nrow, int padding) {
        if (images.isEmpty() || nrow < 1 || padding < 0) {
            throw new IllegalArgumentException("make_grid: expected images, nrow >= 1 and padding >= 0, got "
                    + images.size() + " images, nrow " + nrow + ", padding " + padding);
        }
        long c = images.get(0).size(0);
        long maxH = 0;
        long maxW = 0;
        for (Tensor t : images) {
            if (t.dim() != 3 || t.size(0) != c || t.dtype() != images.get(0).dtype()) {
                throw new IllegalArgumentException("make_grid: expected images [" + c + ", H, W] of one dtype, got "
                        + t.describe());
            }
            maxH = Math.max(maxH, t.size(1));
            maxW = Math.max(maxW, t.size(2));
        }
        int xmaps = Math.min(nrow, images.size());
        int ymaps = (images.size() + xmaps - 1) / xmaps;
        long cellH = maxH + padding;
        long cellW = maxW + padding;
        Tensor grid = Torch.zeros(images.get(0).dtype(), c, ymaps * cellH + padding, xmaps * cellW + padding);
        for (int k = 0; k < images.size(); k++) {
            Tensor t = images.get(k);
            long y = (k / xmaps) * cellH + padding;
            long x = (k % xmaps) * cellW + padding;
            grid.narrow(1, y, t.size(1)).narrow(2, x, t.size(2)).copy_(t);
        }
        return grid;
    }
}
