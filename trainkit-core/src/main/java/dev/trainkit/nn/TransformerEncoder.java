package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@code num_layers} copies of one encoder layer, as
 * {@code torch.nn.TransformerEncoder(encoder_layer, num_layers, norm=None)}: the layers are
 * {@code layers.0} .. {@code layers.N-1}, each starting from a copy of {@code encoder_layer}'s
 * parameters (PyTorch deep-copies it), followed by the optional {@code norm}.
 *
 * <pre>{@code
 * TransformerEncoder enc = new TransformerEncoder(new TransformerEncoderLayer(64, 4), 6, null);
 * // nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4), 6)
 * Tensor y = enc.forward(x, null, paddingMask);
 * }</pre>
 */
public class TransformerEncoder extends Module {
    private final ModuleList layers;
    private final Module norm;

    /** {@code nn.TransformerEncoder(encoder_layer, num_layers)}. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) {
        this(encoderLayer, numLayers, null);
    }

    /**
     * {@code nn.TransformerEncoder(encoder_layer, num_layers, norm)}.
     *
     * @param norm applied after the last layer (e.g. a {@link LayerNorm}), or {@code null}
     */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        if (encoderLayer == null) {
            throw new IllegalArgumentException("TransformerEncoder: encoder_layer expected a TransformerEncoderLayer,"
                    + " got null");
        }
        LayerChecks.positive("TransformerEncoder", "num_layers", numLayers);
        List<Module> copies = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            copies.add(encoderLayer.copy());
        }
        layers = registerModule("layers", new ModuleList(copies));
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    /** The number of layers. */
    public int numLayers() {
        return layers.size();
    }

    /** Layer {@code i}. */
    public TransformerEncoderLayer layer(int i) {
        return (TransformerEncoderLayer) layers.get(i);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** {@code encoder(src, mask, src_key_padding_mask)}: every layer with the same masks, then the norm. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor out = src;
        for (int i = 0; i < layers.size(); i++) {
            out = layer(i).forward(out, mask, srcKeyPaddingMask);
        }
        return norm == null ? out : norm.forward(out);
    }
}
