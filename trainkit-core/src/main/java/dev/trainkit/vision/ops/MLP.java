package dev.trainkit.vision.ops;

import dev.trainkit.nn.Dropout;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Sequential;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A multi-layer perceptron as a Sequential, as torchvision's {@code ops.MLP(in_channels,
 * hidden_channels, norm_layer, activation_layer, bias, dropout)}: for every hidden width but the
 * last, Linear, the optional norm layer, the activation and Dropout; then a last Linear to
 * {@code hidden_channels[-1]} and Dropout. So with two widths the Linear layers are {@code 0}
 * and {@code 3} (Swin's {@code mlp.0}, {@code mlp.3}).
 *
 * <pre>{@code
 * MLP mlp = new MLP(96, new long[] {384, 96}, null, GELU::new, true, 0.0);
 * // torchvision.ops.MLP(96, [384, 96], activation_layer=nn.GELU, dropout=0.0)
 * }</pre>
 */
public class MLP extends Sequential {

    /**
     * @param inChannels input features
     * @param hiddenChannels the widths of the Linear layers, the last one being the output width
     * @param normLayer a norm layer factory taking the width, or {@code null} for none
     * @param activationLayer the activation factory (not after the last Linear)
     * @param bias whether the Linear layers have a bias
     * @param dropout the probability of every Dropout, in [0, 1]
     * @throws IllegalArgumentException for empty or non-positive widths or a bad probability
     */
    public MLP(long inChannels, long[] hiddenChannels, LongFunction<? extends Module> normLayer,
            Supplier<? extends Module> activationLayer, boolean bias, double dropout) {
        if (inChannels < 1 || hiddenChannels == null || hiddenChannels.length == 0
                || Arrays.stream(hiddenChannels).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("MLP: expected in_channels > 0 and a non-empty hidden_channels of"
                    + " positive widths, got " + inChannels + ", " + Arrays.toString(hiddenChannels));
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("MLP: dropout must be a probability in [0, 1], got " + dropout);
        }
        long in = inChannels;
        for (int i = 0; i < hiddenChannels.length - 1; i++) {
            append(new Linear(in, hiddenChannels[i], bias));
            if (normLayer != null) {
                append(normLayer.apply(hiddenChannels[i]));
            }
            append(activationLayer.get());
            append(new Dropout(dropout));
            in = hiddenChannels[i];
        }
        append(new Linear(in, hiddenChannels[hiddenChannels.length - 1], bias));
        append(new Dropout(dropout));
    }
}
