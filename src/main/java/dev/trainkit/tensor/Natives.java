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
}
