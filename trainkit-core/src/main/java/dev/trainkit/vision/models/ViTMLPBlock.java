package dev.trainkit.vision.models;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.GELU;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import java.util.Map;

/**
 * The transformer MLP of a ViT encoder block, torchvision's {@code MLPBlock}: Linear(in, mlp),
 * GELU, Dropout, Linear(mlp, in), Dropout ({@code mlp.0}, {@code mlp.3}); Linear weights
 * xavier_uniform_, biases normal_(std=1e-6). Checkpoints saved before torchvision 0.13
 * ({@code linear_1}, {@code linear_2}, as the ViT weight files) load under the new names.
 */
final class ViTMLPBlock extends Sequential {
    ViTMLPBlock(long inDim, long mlpDim, double dropout) {
        super(new Linear(inDim, mlpDim), new GELU(), new Dropout(dropout), new Linear(mlpDim, inDim),
                new Dropout(dropout));
        for (int i : new int[] {0, 3}) {
            Linear l = (Linear) get(i);
            Init.xavierUniform_(l.weight, 1.0);
            Init.normal_(l.bias, 0, 1e-6);
        }
    }

    /** torchvision's MLPBlock version 2 upgrade: linear_1 → 0, linear_2 → 3. */
    @Override
    protected void upgradeStateDict(String prefix, Map<String, Tensor> state) {
        for (int i = 0; i < 2; i++) {
            for (String type : new String[] {"weight", "bias"}) {
                Tensor t = state.remove(prefix + "linear_" + (i + 1) + "." + type);
                if (t != null) {
                    state.put(prefix + (3 * i) + "." + type, t);
                }
            }
        }
    }
}
