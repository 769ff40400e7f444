package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MultiheadAttention and the transformer encoder: parameters, init, copies and argument errors. */
class AttentionTest {

    @Test
    void parametersAndInitAsPyTorch() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, true, false, null, null, false);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertEquals(0.0, m.inProjBias.abs().max().item());
        assertEquals(0.0, m.outProj.bias.abs().max().item());
        double bound = Math.sqrt(6.0 / (8 + 24)); // xavier_uniform_ over (3E, E)
        assertTrue(m.inProjWeight.abs().max().item() <= bound);
        MultiheadAttention sep = new MultiheadAttention(8, 4, 0.0, false, false, false, 5L, 7L, true);
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "out_proj.weight"),
                List.copyOf(sep.stateDict().keySet()));
        assertArrayEquals(new long[] {8, 7}, sep.vProjWeight.shape());
        assertNull(sep.inProjWeight);
    }

    @Test
    void selfAttentionForwardIsTheSdpaOutputOfTheFullCall() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, false, false, null, null, true);
        try (NoGrad ng = NoGrad.enter()) {
            Tensor x = Torch.randn(2, 5, 8);
            MultiheadAttentionOutput withWeights = m.forward(x, x, x);
            assertArrayEquals(new long[] {2, 5, 5}, withWeights.weights().shape());
            assertTrue(m.forward(x).allclose(withWeights.output(), 1e-5, 1e-6), "SDPA and explicit softmax agree");
            Tensor rows = withWeights.weights().sum(-1, false);
            assertTrue(rows.allclose(Torch.ones(2, 5), 1e-5, 1e-6), "weights are a softmax over keys");
        }
    }

    @Test
    void fusedKernelOnlyForFloat32InferenceOnTheCpu() {
        Tensor q = Torch.randn(1, 2, 3, 4);
        Tensor bf = q.to(DType.BFLOAT16);
        try (NoGrad ng = NoGrad.enter()) {
            assertTrue(MultiheadAttention.fusedKernelFaster(q, q, q), "fp32 without a graph: fused");
            assertFalse(MultiheadAttention.fusedKernelFaster(bf, bf, bf), "bf16: explicit");
        }
        Tensor g = Torch.randn(1, 2, 3, 4).requiresGrad_(true);
        assertFalse(MultiheadAttention.fusedKernelFaster(g, q, q), "a graph to build: explicit");
        assertTrue(MultiheadAttention.fusedKernelFaster(q, q, q), "grad mode on but no input needs grad: fused");
    }

    @Test
    void trainingAndInferencePathsAgreeInValueAndGradient() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, false, false, null, null, true);
        Tensor x = Torch.randn(2, 5, 8);
        Tensor fused;
        try (NoGrad ng = NoGrad.enter()) {
            fused = m.forward(x); // no graph: the fused kernel
        }
        Tensor y = m.forward(x); // parameters need grad: the explicit path
        assertTrue(y.requiresGrad());
        assertTrue(y.allclose(fused, 1e-5, 1e-6), "explicit and fused attention agree");
        MultiheadAttentionOutput full = m.forward(x, x, x, null, true, null, true);
        assertTrue(y.allclose(full.output(), 0, 0), "need_weights=False takes the same explicit path in training");
        y.sum().backward();
        assertTrue(m.inProjWeight.grad().abs().max().item() > 0, "gradients reach the projections");
    }

    @Test
    void encoderLayersStartAsCopiesAndTrainApart() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", 1e-5, true, true);
        TransformerEncoder enc = new TransformerEncoder(layer, 3, new LayerNorm(8));
        assertEquals(3, enc.numLayers());
        Map<String, Tensor> sd = enc.stateDict();
        assertTrue(sd.containsKey("layers.2.self_attn.in_proj_weight") && sd.containsKey("norm.weight"));
        assertTrue(sd.get("layers.0.linear1.weight").equal(sd.get("layers.2.linear1.weight")), "deepcopy: equal");
        assertNotSame(sd.get("layers.0.linear1.weight"), sd.get("layers.2.linear1.weight"));
        try (NoGrad ng = NoGrad.enter()) {
            enc.layer(0).selfAttn.outProj.weight.add_(1.0);
        }
        assertTrue(!enc.stateDict().get("layers.0.self_attn.out_proj.weight")
                .equal(enc.stateDict().get("layers.1.self_attn.out_proj.weight")), "independent parameters");
        try (NoGrad ng = NoGrad.enter()) {
            assertArrayEquals(new long[] {2, 4, 8}, enc.forward(Torch.randn(2, 4, 8)).shape());
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        assertTrue(e.getMessage().contains("embed_dim must be divisible by num_heads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "tanh", 1e-5, false, false));
        assertTrue(e.getMessage().contains("activation should be relu/gelu, not tanh"), e.getMessage());
        MultiheadAttention m = new MultiheadAttention(8, 2);
        Tensor x = Torch.randn(5, 3, 8);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, null, true, Torch.zeros(4, 5), true));
        assertTrue(e.getMessage().contains("attn_mask of shape [5, 5] or [6, 5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, Torch.zeros(DType.INT64, 3, 5), true, null, true));
        assertTrue(e.getMessage().contains("key_padding_mask"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, Torch.zeros(DType.BOOL, 5, 3), true, null, true));
        assertTrue(e.getMessage().contains("key_padding_mask of shape (3, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(5, 3, 6)));
        assertTrue(e.getMessage().contains("last dimension 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Torch.randn(8)));
        assertTrue(e.getMessage().contains("unbatched 2D or batched 3D"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(null, 2));
    }
}
