package dev.trainkit.tensor;

import java.util.Objects;

/**
 * Where a tensor lives: {@code cpu} or {@code cuda:N}, as {@code torch.device}.
 *
 * <pre>{@code
 * Device d = Device.of("cuda:0");       // torch.device("cuda:0")
 * model.to(Device.CPU);
 * }</pre>
 *
 * <p>CUDA devices need the {@code cuda} Maven profile (GPU natives) and a GPU; on a CPU-only
 * build, moving a tensor to CUDA fails with a clear {@link TorchException}.
 */
public final class Device {
    /** The CPU. */
    public static final Device CPU = new Device(Type.CPU, -1);

    /** Device kinds TrainKit knows. */
    public enum Type { CPU, CUDA }

    private final Type type;
    private final int index;

    private Device(Type type, int index) {
        this.type = type;
        this.index = index;
    }

    /** The CUDA device with the given index. */
    public static Device cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("cuda device index: expected >= 0, got " + index);
        }
        return new Device(Type.CUDA, index);
    }

    /**
     * Parses {@code cpu}, {@code cuda} (index 0) or {@code cuda:N}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Device of(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda")) {
            return cuda(0);
        }
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("device: expected 'cpu', 'cuda' or 'cuda:N', got '" + spec + "'");
    }

    /** The kind of device. */
    public Type type() {
        return type;
    }

    /** The device index, -1 for the CPU. */
    public int index() {
        return index;
    }

    /** Whether this is a CUDA device. */
    public boolean isCuda() {
        return type == Type.CUDA;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.type == type && d.index == index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, index);
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
