package dev.trainkit.io;

import dev.trainkit.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One entry point for weights files of any supported format: {@code .pth}/{@code .pt}/{@code .bin}
 * ({@code torch.save}, zip or legacy) and {@code .safetensors}. Reading recognises the format from
 * the file's first bytes; writing chooses it from the extension.
 *
 * <pre>{@code
 * Map<String, Tensor> sd = WeightsFiles.load(Path.of("resnet18-f37072fd.pth"));
 * WeightsFiles.save(sd, Path.of("resnet18.safetensors"));   // pth -> safetensors
 * }</pre>
 */
public final class WeightsFiles {
    private WeightsFiles() {
    }

    /**
     * Whether {@code file} is a safetensors file: by its extension, else unless its first bytes are a
     * zip archive ({@code PK}) or a legacy {@code torch.save} pickle ({@code 80 02 8a}, the magic number's
     * opcodes). A safetensors header length can itself start with 0x80, so one byte is not enough.
     */
    public static boolean isSafetensors(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] h = in.readNBytes(3);
            boolean zip = h.length >= 2 && h[0] == 'P' && h[1] == 'K';
            boolean legacy = h.length == 3 && (h[0] & 0xff) == 0x80 && h[1] == 2 && (h[2] & 0xff) == 0x8a;
            return !zip && !legacy && h.length >= 2 && !(h[0] == 'P' || (h[0] & 0xff) == 0x80 && h[1] == 2);
        }
    }

    /** The dtype and shape of every tensor, in file order. */
    public static LinkedHashMap<String, TensorInfo> inspect(Path file) throws IOException {
        return isSafetensors(file) ? Safetensors.inspect(file) : PthReader.inspect(file);
    }

    /** A state dict (name to tensor) from either format. */
    public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
        return isSafetensors(file) ? Safetensors.load(file) : PthReader.loadStateDict(file);
    }

    /**
     * Writes a state dict in the format of {@code file}'s extension: {@code .safetensors}, or
     * {@code .pth}/{@code .pt}/{@code .bin}/{@code .ckpt} for {@code torch.save}'s zip format.
     *
     * @throws IllegalArgumentException for another extension
     */
    public static void save(Map<String, Tensor> stateDict, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            Safetensors.save(stateDict, file);
        } else if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".bin") || name.endsWith(".ckpt")) {
            PthWriter.save(stateDict, file);
        } else {
            throw new IllegalArgumentException("output file " + file + ": expected the extension .pth, .pt, .bin, .ckpt"
                    + " or .safetensors to choose the format");
        }
    }
}
