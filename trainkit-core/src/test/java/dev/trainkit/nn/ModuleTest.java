package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module tree against PyTorch's names and orders (goldens from tools/golden/gen_nn_layers.py). */
class ModuleTest {

    /** Same structure as {@code Block} in gen_nn_layers.py (a ResNet basic block without forward). */
    static final class Block extends Module {
        Block(long cin, long cout, boolean down) {
            registerModule("conv1", new Conv2d(cin, cout, new long[] {3}, new long[] {1}, new long[] {1},
                    new long[] {1}, 1, false, "zeros"));
            registerModule("bn1", new BatchNorm2d(cout));
            registerModule("relu", new ReLU());
            registerModule("conv2", new Conv2d(cout, cout, new long[] {3}, new long[] {1}, new long[] {1},
                    new long[] {1}, 1, false, "zeros"));
            registerModule("bn2", new BatchNorm2d(cout));
            if (down) {
                registerModule("downsample", new Sequential(new Conv2d(cin, cout, new long[] {1}, new long[] {1},
                        new long[] {0}, new long[] {1}, 1, false, "zeros"), new BatchNorm2d(cout)));
            }
        }
    }

    /** Same structure as {@code Net} in gen_nn_layers.py. */
    static final class Net extends Module {
        Net() {
            registerModule("conv1", new Conv2d(3, 4, 3, 2, 1));
            registerModule("bn1", new BatchNorm2d(4));
            registerModule("layer1", new Sequential(new Block(4, 8, true), new Block(8, 8, false)));
            registerModule("pool", new AdaptiveAvgPool2d(1));
            Map<String, Module> heads = new LinkedHashMap<>();
            heads.put("cls", new Linear(8, 3));
            heads.put("aux", new Linear(8, 2));
            registerModule("heads", new ModuleDict(heads));
            registerModule("extra", new ModuleList(List.of(new LayerNorm(8), new Dropout(0.1),
                    new Embedding(5, 8, 0L))));
        }
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void namesAndOrdersMatchPyTorch() {
        JsonNode g = Golden.load("module_keys.json");
        Net net = new Net();
        assertEquals(strings(g.get("state_dict")), new ArrayList<>(net.stateDict().keySet()));
        assertEquals(strings(g.get("named_parameters")), new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(strings(g.get("named_buffers")), new ArrayList<>(net.namedBuffers().keySet()));
        assertEquals(strings(g.get("named_modules")), new ArrayList<>(net.namedModules().keySet()));
        net.stateDict().forEach((k, t) -> {
            long[] expected = new long[g.get("shapes").get(k).size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = g.get("shapes").get(k).get(i).asLong();
            }
            assertArrayEquals(expected, t.shape(), k);
        });
        assertEquals(g.get("repr").asText(), net.toString());
        assertEquals(DType.INT64, net.stateDict().get("bn1.num_batches_tracked").dtype());
    }

    @Test
    void sharedParametersAndModulesAppearOnce() {
        Linear shared = new Linear(3, 3);
        Sequential seq = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(seq.namedParameters().keySet()));
        assertEquals(List.of("", "0", "1"), new ArrayList<>(seq.namedModules().keySet()));
        assertEquals(2, seq.parameters().size());
        // The state dict, like PyTorch's, lists a shared tensor under every name.
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(seq.stateDict().keySet()));
    }

    @Test
    void trainEvalRecurse() {
        Net net = new Net();
        net.eval();
        for (Module m : net.modules()) {
            assertFalse(m.isTraining(), m.getClass().getSimpleName());
        }
        net.getSubmodule("layer1.0").train();
        assertTrue(net.getSubmodule("layer1.0.downsample.1").isTraining());
        assertFalse(net.getSubmodule("layer1.1.bn1").isTraining());
        net.train();
        for (Module m : net.modules()) {
            assertTrue(m.isTraining());
        }
    }

    @Test
    void requiresGradFalseFreezesEverything() {
        Net net = new Net();
        long total = net.parameterCount(false);
        assertEquals(total, net.parameterCount(true));
        net.requiresGrad(false);
        assertEquals(0, net.parameterCount(true));
        net.getSubmodule("heads").requiresGrad(true);
        assertEquals(8 * 3 + 3 + 8 * 2 + 2, net.parameterCount(true));
    }

    @Test
    void applyVisitsChildrenBeforeParent() {
        Net net = new Net();
        List<Module> order = new ArrayList<>();
        net.apply(order::add);
        assertEquals(net.modules().size(), order.size());
        assertSame(net, order.get(order.size() - 1));
        assertSame(net.getSubmodule("conv1"), order.get(0));
        assertTrue(order.indexOf(net.getSubmodule("layer1.0.conv1")) < order.indexOf(net.getSubmodule("layer1.0")));
        net.apply(m -> {
            if (m instanceof ConvNd c) {
                Init.constant_(c.weight, 0.5);
            }
        });
        assertEquals(0.5, ((ConvNd) net.getSubmodule("layer1.1.conv2")).weight.mean().item(), 0.0);
    }

    @Test
    void zeroGradClearsGradients() {
        Linear fc = new Linear(4, 2);
        fc.forward(Torch.randn(3, 4)).sum().backward();
        assertNotNull(fc.weight.grad());
        fc.zeroGrad();
        assertNull(fc.weight.grad());
        assertNull(fc.bias.grad());
    }

    @Test
    void toDTypeKeepsParameterIdentity() {
        Net net = new Net();
        Map<String, Parameter> before = net.namedParameters();
        Tensor nbt = net.namedBuffers().get("bn1.num_batches_tracked");
        net.to(DType.FLOAT64);
        Map<String, Parameter> after = net.namedParameters();
        before.forEach((k, p) -> {
            assertSame(p, after.get(k), k);
            assertEquals(DType.FLOAT64, p.dtype(), k);
            assertTrue(p.requiresGrad(), k);
        });
        assertEquals(DType.FLOAT64, net.namedBuffers().get("bn1.running_mean").dtype());
        assertEquals(DType.INT64, nbt.dtype());
        assertEquals(DType.FLOAT64, net.getSubmodule("conv1").forward(Torch.randn(DType.FLOAT64, 1, 3, 4, 4)).dtype());
    }

    @Test
    void loadStateDictRoundTripAndStrictness() {
        Net a = new Net();
        Net b = new Net();
        LoadResult clean = b.loadStateDict(a.stateDict(), true);
        assertTrue(clean.isClean());
        a.stateDict().forEach((k, t) -> assertTrue(t.equal(b.stateDict().get(k)), k));

        Map<String, Tensor> partial = new LinkedHashMap<>(a.stateDict());
        partial.remove("heads.cls.bias");
        partial.put("heads.cls.scale", Torch.ones(3));
        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(partial, true));
        assertTrue(strict.getMessage().contains("missing keys [heads.cls.bias]"), strict.getMessage());
        assertTrue(strict.getMessage().contains("unexpected keys [heads.cls.scale]"), strict.getMessage());

        LoadResult lenient = b.loadStateDict(partial, false);
        assertEquals(List.of("heads.cls.bias"), lenient.missingKeys());
        assertEquals(List.of("heads.cls.scale"), lenient.unexpectedKeys());
        assertFalse(lenient.isClean());

        Map<String, Tensor> wrong = new LinkedHashMap<>(a.stateDict());
        wrong.put("heads.cls.weight", Torch.zeros(5, 8));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(wrong, false));
        assertTrue(shape.getMessage().contains("heads.cls.weight"), shape.getMessage());
        assertTrue(shape.getMessage().contains("[5, 8]") && shape.getMessage().contains("[3, 8]"), shape.getMessage());
    }

    @Test
    void getAndSetSubmodule() {
        Net net = new Net();
        assertSame(net, net.getSubmodule(""));
        assertTrue(net.getSubmodule("layer1.0.downsample.1") instanceof BatchNorm2d);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> net.getSubmodule("layer1.5.conv1"));
        assertTrue(missing.getMessage().contains("'5'") && missing.getMessage().contains("[0, 1]"),
                missing.getMessage());

        net.setSubmodule("heads.cls", new Linear(8, 5));
        assertArrayEquals(new long[] {5, 8}, net.stateDict().get("heads.cls.weight").shape());
        assertEquals(List.of("cls", "aux"), new ArrayList<>(((ModuleDict) net.getSubmodule("heads")).keys()));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> net.setSubmodule("head", new Identity()));
        assertTrue(unknown.getMessage().contains("'head'") && unknown.getMessage().contains("heads"),
                unknown.getMessage());
    }

    @Test
    void stateSurvivesTrainingStepScopes() {
        Net net = new Net();
        BatchNorm2d bn = (BatchNorm2d) net.getSubmodule("bn1");
        Conv2d conv = (Conv2d) net.getSubmodule("conv1");
        for (int step = 0; step < 3; step++) {
            try (dev.trainkit.tensor.TensorScope scope = dev.trainkit.tensor.TensorScope.open()) {
                bn.forward(conv.forward(Torch.randn(2, 3, 8, 8))).sum().backward();
            }
        }
        assertEquals(3, bn.numBatchesTracked().itemLong());
        assertTrue(bn.runningMean().abs().sum().item() > 0, "running_mean was updated in place");
        assertNotNull(conv.weight.grad());
        assertEquals(4, net.stateDict().get("bn1.running_var").numel());
    }

    @Test
    void containers() {
        ModuleList list = new ModuleList();
        list.append(new Linear(2, 2)).append(new ReLU());
        assertEquals(2, list.size());
        assertTrue(list.get(-1) instanceof ReLU);
        list.set(1, new Tanh());
        assertTrue(list.get(1) instanceof Tanh);
        int n = 0;
        for (Module m : list) {
            assertNotNull(m);
            n++;
        }
        assertEquals(2, n);
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Torch.zeros(1)));

        ModuleDict dict = new ModuleDict();
        dict.put("b", new Identity()).put("a", new Linear(1, 1));
        assertEquals(List.of("b", "a"), new ArrayList<>(dict.keys()));
        assertTrue(dict.containsKey("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dict.get("c"));
        assertTrue(e.getMessage().contains("[b, a]"), e.getMessage());
        assertEquals(List.of("a.weight", "a.bias"), new ArrayList<>(dict.stateDict().keySet()));
    }

    @Test
    void oldBatchNormCheckpointsWithoutNumBatchesTrackedLoadStrictly() {
        BatchNorm2d source = new BatchNorm2d(3);
        java.util.Map<String, Tensor> old = new java.util.LinkedHashMap<>(source.stateDict());
        old.remove("num_batches_tracked");
        BatchNorm2d target = new BatchNorm2d(3);
        LoadResult r = target.loadStateDict(old, true);
        assertTrue(r.isClean(), r.toString());
        assertEquals(0L, target.stateDict().get("num_batches_tracked").itemLong());
        // a model that is not BatchNorm gets no such key invented
        old.remove("running_mean");
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).loadStateDict(old, true));
    }
}
