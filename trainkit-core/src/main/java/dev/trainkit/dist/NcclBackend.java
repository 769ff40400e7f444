package dev.trainkit.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * The NCCL backend for CUDA tensors, in its own class so that CPU-only runs never load
 * {@code ProcessGroupNCCL}. Untested here (no GPU): it needs the {@code cuda} Maven profile.
 */
final class NcclBackend {
    private NcclBackend() {
    }

    static Backend create(Store store, int rank, int worldSize, long timeoutMs) {
        try {
            ProcessGroupNCCL pg = new ProcessGroupNCCL(store, rank, worldSize);
            pg.setTimeout(C10dPointers.escape(new Milliseconds(timeoutMs)));
            return pg;
        } catch (LinkageError | RuntimeException e) {
            throw new DistributedException("ProcessGroup: the NCCL backend (device cuda) needs libtorch's GPU"
                    + " natives; build with the cuda Maven profile (mvn -Pcuda). Cause: " + C10dPointers.firstLine(e), e);
        }
    }
}
