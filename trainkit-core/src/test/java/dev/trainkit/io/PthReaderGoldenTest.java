package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Files written by PyTorch 1.13's torch.save load bit-exactly as torch.load gives them back. */
class PthReaderGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"zip_dtypes.pth", "legacy_dtypes.pth", "zip_views.pth", "legacy_views.pth",
            "zip_checkpoint.pth", "legacy_checkpoint.pth", "zip_protocol4.pth", "zip_protocol5.pth",
            "legacy_many.pth"})
    void loadsExactlyWhatTorchLoadGives(String name) throws Exception {
        Object loaded = PthReader.load(Golden.file(name));
        assertEquals(Golden.normalize(Golden.expected(name)), Golden.normalize(Golden.describe(loaded)), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zip_dtypes.pth", "legacy_dtypes.pth", "zip_views.pth", "legacy_many.pth"})
    void inspectListsNamesDtypesAndShapesInFileOrder(String name) throws Exception {
        Map<String, TensorInfo> info = PthReader.inspect(Golden.file(name));
        List<String> names = new ArrayList<>();
        Iterator<JsonNode> it = Golden.expected(name).get("dict").elements();
        while (it.hasNext()) {
            JsonNode pair = it.next();
            String key = pair.get(0).asText();
            names.add(key);
            JsonNode t = pair.get(1).get("tensor");
            TensorInfo ti = info.get(key);
            assertEquals(DType.of(t.get("dtype").asText()), ti.dtype(), key);
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            assertEquals(new TensorInfo(ti.dtype(), shape), ti, key);
        }
        assertEquals(names, new ArrayList<>(info.keySet()));
    }

    @Test
    void stateDictKeepsOrderAndViewsAreIndependentContiguousCopies() throws Exception {
        Map<String, Tensor> sd = PthReader.loadStateDict(Golden.file("zip_views.pth"));
        assertEquals(List.of("base", "transposed", "row", "strided", "element", "expanded"), new ArrayList<>(sd.keySet()));
        assertEquals(0, sd.get("element").dim());
        Tensor t = sd.get("transposed");
        assertTrue(t.allclose(sd.get("base").transpose(0, 1), 0, 0));
    }

    @Test
    void nestedCheckpointKeepsPrimitiveTypes() throws Exception {
        Map<?, ?> ckpt = (Map<?, ?>) PthReader.load(Golden.file("legacy_checkpoint.pth"));
        assertEquals(3L, ckpt.get("epoch"));
        assertEquals("resnet18", ckpt.get("name"));
        assertInstanceOf(Map.class, ckpt.get("state_dict"));
        assertFalse(((Map<?, ?>) ckpt.get("state_dict")).containsKey("_metadata"), "_metadata is an attribute, not a key");
        Tensor p = (Tensor) ckpt.get("param");
        assertTrue(p.requiresGrad(), "nn.Parameter keeps requires_grad=True as torch.load does");
    }

    @Test
    void loadStateDictRefusesACheckpointWithAClearMessage() {
        WeightsFormatException e = assertThrows(WeightsFormatException.class,
                () -> PthReader.loadStateDict(Golden.file("zip_checkpoint.pth")));
        assertTrue(e.getMessage().contains("expected a state dict") && e.getMessage().contains("epoch"), e.getMessage());
    }
}
