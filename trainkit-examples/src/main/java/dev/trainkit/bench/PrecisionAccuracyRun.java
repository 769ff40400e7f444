package dev.trainkit.bench;

import dev.trainkit.amp.Autocast;
import dev.trainkit.amp.Precision;
import dev.trainkit.nn.F;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.CrossEntropyLoss;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.datasets.FashionMNIST;
import dev.trainkit.vision.models.Models;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The precision accuracy check: the same short training run in {@code 32} and {@code bf16-mixed}
 * must end within 1 point of test accuracy. ResNet-18 (10 classes) is trained from the same seed
 * with {@code SGD(lr=0.01, momentum=0.9)} on the embedded Fashion-MNIST subset (4,000 training
 * images, evaluated on its 1,000 test images), grey images repeated to 3 channels, normalised and
 * zero-padded to {@code imageSize}; batches come in the same shuffled order in both runs. The
 * evaluation runs in the training precision (autocast on for {@code bf16-mixed}), as Lightning's.
 *
 * <pre>{@code
 * Map<String, Object> r = PrecisionAccuracyRun.run(3, 64, 32, 4000);
 * double gap = (double) r.get("accuracy_gap_points");   // |acc(bf16-mixed) - acc(32)| × 100
 * }</pre>
 */
public final class PrecisionAccuracyRun {
    private static final double MEAN = 0.2860;
    private static final double STD = 0.3530;

    private PrecisionAccuracyRun() {
    }

    /**
     * Trains and evaluates in both precisions on the first {@code trainSize} training images
     * (at most 4,000) and all 1,000 test images.
     *
     * @throws IllegalArgumentException if {@code epochs < 1}, {@code batch < 1}, {@code imageSize < 28}
     *     or {@code trainSize} is not in 1..4000
     */
    public static Map<String, Object> run(int epochs, int batch, int imageSize, int trainSize) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs: expected >= 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch: expected >= 1, got " + batch);
        }
        if (imageSize < 28) {
            throw new IllegalArgumentException("--image-size: expected >= 28 (Fashion-MNIST is 28x28), got " + imageSize);
        }
        FashionMNIST train = FashionMNIST.embedded(true);
        if (trainSize < 1 || trainSize > train.size()) {
            throw new IllegalArgumentException("--train-size: expected 1.." + train.size() + ", got " + trainSize);
        }
        Tensor trainX = images(train, imageSize).narrow(0, 0, trainSize);
        Tensor trainY = labels(train).narrow(0, 0, trainSize);
        Tensor testX = images(FashionMNIST.embedded(false), imageSize);
        Tensor testY = labels(FashionMNIST.embedded(false));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> fp32 = train(Precision.FP32, trainX, trainY, testX, testY, epochs, batch);
        Map<String, Object> bf16 = train(Precision.BF16_MIXED, trainX, trainY, testX, testY, epochs, batch);
        double gap = Math.abs((double) bf16.get("test_accuracy") - (double) fp32.get("test_accuracy")) * 100;
        out.put("accuracy_gap_points", gap);
        out.put("within_1_point", gap <= 1.0);
        out.put("32", fp32);
        out.put("bf16-mixed", bf16);
        out.put("epochs", epochs);
        out.put("batch", batch);
        out.put("image_size", imageSize);
        out.put("train_size", trainY.numel());
        out.put("test_size", testY.numel());
        out.put("threads", Torch.numThreads());
        return out;
    }

    private static Map<String, Object> train(Precision p, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY,
            int epochs, int batch) {
        Torch.manualSeed(0);
        boolean channelsLast = MemoryFormats.reliable(); // NCHW where libtorch's channels_last is wrong on this CPU
        Module model = Models.create("resnet18(num_classes=10)");
        if (channelsLast) {
            MemoryFormats.toChannelsLast(model);
        }
        Optimizer opt = Optimizers.create("SGD(lr=0.01, momentum=0.9)", model.parameters());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        long n = trainY.numel();
        double lastLoss = Double.NaN;
        long t0 = System.nanoTime();
        int stepsDone = 0;
        for (int e = 0; e < epochs; e++) {
            model.train();
            Tensor perm = Torch.randperm(n);
            for (long start = 0; start < n; start += batch) {
                try (TensorScope scope = TensorScope.open()) {
                    Tensor idx = perm.narrow(0, start, Math.min(batch, n - start));
                    Tensor x = trainX.indexSelect(0, idx);
                    x = channelsLast ? MemoryFormats.channelsLast(x) : x;
                    Tensor y = trainY.indexSelect(0, idx);
                    opt.zeroGrad();
                    Tensor loss;
                    try (Autocast ac = p.autocast(Device.CPU)) {
                        loss = lossFn.forward(model.forward(x), y);
                    }
                    loss.backward();
                    opt.step();
                    lastLoss = loss.item();
                    stepsDone++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("test_accuracy", accuracy(model, p, testX, testY, batch));
        r.put("final_train_loss", lastLoss);
        r.put("train_seconds", seconds);
        r.put("ms_per_step", seconds * 1000 / stepsDone);
        r.put("peak_rss_mb", ProcessMemory.peakRssMb());
        return r;
    }

    private static double accuracy(Module model, Precision p, Tensor x, Tensor y, int batch) {
        model.eval();
        long n = y.numel();
        long correct = 0;
        for (long start = 0; start < n; start += batch) {
            try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter(); Autocast ac = p.autocast(Device.CPU)) {
                long len = Math.min(batch, n - start);
                Tensor xb = x.narrow(0, start, len);
                Tensor logits = model.forward(MemoryFormats.reliable() ? MemoryFormats.channelsLast(xb) : xb);
                correct += logits.argmax(1, false).eq(y.narrow(0, start, len)).sum().itemLong();
            }
        }
        return (double) correct / n;
    }

    /** All images as normalised float32 [N, 3, size, size] (grey repeated, zero-padded around). */
    private static Tensor images(FashionMNIST ds, int size) {
        int n = ds.size();
        float[] px = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            byte[] b = ds.pixels(i);
            for (int k = 0; k < b.length; k++) {
                px[i * 784 + k] = (float) (((b[k] & 0xFF) / 255.0 - MEAN) / STD);
            }
        }
        Tensor t = Torch.tensor(px, n, 1, 28, 28).expand(n, 3, 28, 28).contiguous();
        if (size > 28) {
            long before = (size - 28) / 2;
            long after = size - 28 - before;
            t = F.pad(t, new long[] {before, after, before, after}, "constant", 0);
        }
        return t;
    }

    private static Tensor labels(FashionMNIST ds) {
        long[] y = new long[ds.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ds.target(i);
        }
        return Torch.tensor(y, y.length);
    }
}
