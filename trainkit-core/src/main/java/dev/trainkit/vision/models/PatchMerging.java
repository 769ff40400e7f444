package dev.trainkit.vision.models;

import dev.trainkit.nn.F;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * Swin's downsampling between stages, as torchvision's {@code swin_transformer.PatchMerging(dim)}:
 * on a channels-last [..., H, W, C] input, pads H and W to even sizes (zeros at the bottom and
 * right), concatenates the four 2×2 neighbours (x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2],
 * x[1::2, 1::2]) to 4·C channels, then {@code norm} (LayerNorm(4·C)) and {@code reduction}
 * (Linear(4·C, 2·C, bias=False)).
 *
 * <pre>{@code
 * PatchMerging pm = new PatchMerging(96);
 * Tensor y = pm.forward(Torch.randn(2, 56, 56, 96));   // [2, 28, 28, 192]
 * }</pre>
 */
public class PatchMerging extends Module {
    private final long dim;

    /** {@code PatchMerging(dim)} with LayerNorm (eps 1e-5). */
    public PatchMerging(long dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("PatchMerging: dim must be > 0, got " + dim);
        }
        this.dim = dim;
        registerModule("reduction", new Linear(4 * dim, 2 * dim, false));
        registerModule("norm", new LayerNorm(new long[] {4 * dim}, 1e-5, true, true));
    }

    @Override
    public Tensor forward(Tensor input) {
        return BlockScope.run(() -> merge(input));
    }

    private Tensor merge(Tensor x) {
        if (x.dim() < 3 || x.size(-1) != dim) {
            throw new IllegalArgumentException("PatchMerging.forward: expected a channels-last [..., H, W, " + dim
                    + "] input, got " + x.describe());
        }
        int h = x.dim() - 3;
        int w = x.dim() - 2;
        x = F.pad(x, new long[] {0, 0, 0, x.size(w) % 2, 0, x.size(h) % 2}, "constant", 0);
        long hh = x.size(h);
        long ww = x.size(w);
        Tensor x0 = x.slice(h, 0, hh, 2).slice(w, 0, ww, 2);
        Tensor x1 = x.slice(h, 1, hh, 2).slice(w, 0, ww, 2);
        Tensor x2 = x.slice(h, 0, hh, 2).slice(w, 1, ww, 2);
        Tensor x3 = x.slice(h, 1, hh, 2).slice(w, 1, ww, 2);
        x = Torch.cat(List.of(x0, x1, x2, x3), x.dim() - 1);
        return child("reduction").forward(child("norm").forward(x));
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
