package dev.trainkit.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

class AutocastDisabledTest {

    private static Sequential net() {
        Torch.manualSeed(3);
        return new Sequential(new Linear(8, 6), new ReLU(), new Linear(6, 2));
    }

    @Test
    void theWrappedPartRunsInFloat32ForwardAndBackward() {
        Tensor x = Torch.randn(4, 8);
        Sequential ref = net();
        Tensor refHidden;
        try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
            refHidden = ref.child("1").forward(ref.child("0").forward(x));
        }
        Tensor refOut = ref.child("2").forward(refHidden.to(DType.FLOAT32));
        Sequential model = net();
        AutocastDisabled w = AutocastDisabled.wrap(model, "2", Device.CPU);
        assertTrue(model.child("2") == w);
        assertTrue(model.namedParameters().containsKey("2.module.weight"), model.namedParameters().keySet().toString());
        Tensor out;
        try (Autocast ac = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
            Tensor hidden = model.child("1").forward(model.child("0").forward(x));
            assertEquals(DType.BFLOAT16, hidden.dtype());               // autocast still on before the wrapper
            out = model.forward(x);
            assertTrue(Autocast.isEnabled(Device.CPU));                 // and restored after it
        }
        assertEquals(DType.FLOAT32, out.dtype());
        // with torch.autocast("cpu", enabled=False): fc2(h.float()) -- the same fp32 math on the bf16 hidden state
        assertTrue(refOut.equal(out), "wrapped output differs from the fp32 reference");
        out.sum().backward();
        refOut.sum().backward();
        Linear fc2 = (Linear) w.child("module");
        Linear refFc2 = (Linear) ref.child("2");
        assertEquals(DType.FLOAT32, fc2.weight.grad().dtype());
        assertTrue(refFc2.weight.grad().equal(fc2.weight.grad()));
    }

    @Test
    void outsideAutocastOnlyTheCastHappens() {
        Tensor x = Torch.randn(4, 8);
        Sequential plain = net();
        Sequential model = net();
        AutocastDisabled.wrap(model, "0", Device.CPU);
        assertTrue(plain.forward(x).equal(model.forward(x)));
        assertEquals(DType.FLOAT32, model.forward(x.to(DType.BFLOAT16)).dtype());
    }

    @Test
    void unknownTargetNamesTheChildren() {
        Module model = net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutocastDisabled.wrap(model, "layer4", Device.CPU));
        assertTrue(e.getMessage().contains("has no child 'layer4'"), e.getMessage());
    }
}
