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
 * <p>And it turns on libtorch's transparent-huge-page allocation ({@code THP_MEM_ALLOC_ENABLE=1},
 * PyTorch's own switch, off by default there) unless the environment already sets it: buffers of
 * 2 MB and more are then advised to the kernel as huge pages. A training step allocates its
 * activations and gradients afresh and frees them when its {@link TensorScope} closes; the C
 * allocator returns the big ones to the kernel, so every step touches hundreds of MB of fresh
 * pages, one page fault per 4 KB. With huge pages that is one fault per 2 MB: a ResNet-18 step
 * (batch 32, 112², fp32, one thread) took 4,750–7,050 instead of 7,600–31,000 faults and a median
 * 981 instead of 1,075 ms of CPU (docs/BENCHMARKS.md). It needs the kernel's THP mode {@code madvise} or
 * {@code always} ({@code /sys/kernel/mm/transparent_hugepage/enabled}) and has no effect
 * otherwise; {@code THP_MEM_ALLOC_ENABLE=0} in the environment turns it off.
 */
final class Natives {
    /** PyTorch's environment switch for huge-page tensor buffers (c10's {@code alloc_cpu}). */
    static final String THP_ENV = "THP_MEM_ALLOC_ENABLE";

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
            // read by libtorch at its first CPU allocation, which comes after this; overwrite=false
            // keeps the user's own setting
            org.bytedeco.pytorch.global.torch.set_env(THP_ENV, "1", false);
            loaded = true;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
