package dev.trainkit.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An image/label pair of IDX files as a dataset of {@link Sample}s: images {@code [N, H, W]}
 * unsigned bytes become inputs {@code [1, H, W]} scaled to [0, 1] (what
 * {@code transforms.ToTensor()} makes of an MNIST image); labels {@code [N]} are the targets.
 *
 * <pre>{@code
 * IdxDataset train = IdxDataset.load(dir.resolve("train-images-idx3-ubyte.gz"),
 *                                    dir.resolve("train-labels-idx1-ubyte.gz"));
 * // torchvision.datasets.MNIST(root, train=True, transform=transforms.ToTensor())
 * }</pre>
 */
public final class IdxDataset implements Dataset<Sample>, HasTargets {
    private final IdxArray images;
    private final IdxArray labels;
    private final int height;
    private final int width;

    /**
     * @throws IllegalArgumentException if the images are not ubyte [N, H, W], the labels not
     *                                  ubyte [N], or the counts differ
     */
    public IdxDataset(IdxArray images, IdxArray labels) {
        if (images.type() != 0x08 || images.shape().length != 3) {
            throw new IllegalArgumentException("IdxDataset: images must be unsigned bytes [N, H, W], got type 0x"
                    + Integer.toHexString(images.type()) + " shape " + Arrays.toString(images.shape()));
        }
        if (labels.type() != 0x08 || labels.shape().length != 1) {
            throw new IllegalArgumentException("IdxDataset: labels must be unsigned bytes [N], got type 0x"
                    + Integer.toHexString(labels.type()) + " shape " + Arrays.toString(labels.shape()));
        }
        if (images.shape()[0] != labels.shape()[0]) {
            throw new IllegalArgumentException("IdxDataset: " + images.shape()[0] + " images but "
                    + labels.shape()[0] + " labels");
        }
        this.images = images;
        this.labels = labels;
        this.height = images.shape()[1];
        this.width = images.shape()[2];
    }

    /** Reads an images file and a labels file (gzipped or not). */
    public static IdxDataset load(Path images, Path labels) throws IOException {
        return new IdxDataset(Idx.read(images), Idx.read(labels));
    }

    /** Image height H. */
    public int height() {
        return height;
    }

    /** Image width W. */
    public int width() {
        return width;
    }

    /** The raw pixels of image {@code index}, row-major {@code H×W}, 0..255. */
    public byte[] pixels(int index) {
        Dataset.checkIndex("IdxDataset", index, size());
        int n = height * width;
        return Arrays.copyOfRange(images.data(), index * n, (index + 1) * n);
    }

    @Override
    public int size() {
        return labels.shape()[0];
    }

    @Override
    public Sample get(int index) {
        byte[] px = pixels(index);
        float[] x = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            x[i] = (px[i] & 0xFF) / 255f; // ToTensor's uint8 -> float division, same float32 rounding
        }
        return new Sample(x, new long[] {1, height, width}, target(index));
    }

    @Override
    public long target(int index) {
        return labels.unsignedByte(Dataset.checkIndex("IdxDataset", index, size()));
    }
}
