package dev.trainkit.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import org.bytedeco.javacpp.Loader;

/**
 * Loads libtorch's native libraries exactly once, safely.
 *
 * <p>Why this exists: when JavaCPP's cache ({@code ~/.javacpp/cache}) is empty, loading
 * {@code libtorch_cpu.so} while its neighbours are still being extracted one by one crashes the
 * JVM (seen with pytorch 2.10.0-1.5.13 on Debian 12). Extracting the whole native folders of
 * OpenBLAS and PyTorch first, then loading, avoids it. Every class of the {@code tensor} layer
 * that touches libtorch calls {@link #ensureLoaded()} in its static initializer.
 *
 * <p>It also turns off JavaCPP's resident-memory check ({@code org.bytedeco.javacpp.maxPhysicalBytes}
 * and {@code maxBytes} default to 0 here unless the user set them): with the check on, JavaCPP reads
 * the process's resident size at every native allocation, i.e. at every tensor op, so that it can
 * call {@code System.gc()} under pressure. That read cost more than the op itself (a 4-element add:
 * 15.6 vs 8.6 µs on a loaded 2-core machine), and TrainKit releases step memory through
 * {@link TensorScope}, not the GC. Set the properties (e.g. {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=8g})
 * to get the check back.
 *
 * <p>libtorch's transparent-huge-page allocation ({@code THP_MEM_ALLOC_ENABLE}, PyTorch's own
 * switch) is left to the environment, off by default as in PyTorch: on a quiet machine it did not
 * speed up a ResNet-18 step and it raised the peak memory of a ViT-B/16 step by ~300 MB
 * (docs/BENCHMARKS.md). {@code THP_MEM_ALLOC_ENABLE=1} in the environment turns it on.
 */
final class Natives {
    private static volatile boolean loaded;

    private Natives() {
    }

    static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (Natives.class) {
            if (loaded) {
                return;
            }
            // read by Pointer's static initializer, so before any JavaCPP pointer class is used
            setIfAbsent("org.bytedeco.javacpp.maxPhysicalBytes", "0");
            setIfAbsent("org.bytedeco.javacpp.maxBytes", "0");
            String platform = Loader.getPlatform();
            for (String lib : new String[] {"openblas", "pytorch"}) {
                for (String suffix : new String[] {"", "-gpu"}) {
                    String dir = "/org/bytedeco/" + lib + "/" + platform + suffix + "/";
                    URL url = Natives.class.getResource(dir);
                    if (url == null) {
                        continue;
                    }
                    try {
                        Loader.cacheResources(dir);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot extract native libraries from " + dir, e);
                    }
                }
            }
            Loader.load(org.bytedeco.pytorch.global.torch.class);
            loaded = true;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
