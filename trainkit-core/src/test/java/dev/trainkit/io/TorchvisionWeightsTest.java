package dev.trainkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainkit.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full-size torchvision state dict (resnet18, 11.7M parameters, generated at test time by
 * Debian's torchvision rather than committed) in both torch.save formats: read by Java, written
 * back by Java, and compared tensor by tensor in Python.
 */
class TorchvisionWeightsTest {
    @TempDir
    Path dir;

    @Test
    void resnet18InBothFormatsRoundTripsThroughJavaUnchanged() throws Exception {
        Path legacy = dir.resolve("resnet18_legacy.pth");
        Path zip = dir.resolve("resnet18_zip.pth");
        PythonTorch.run(String.join("\n",
                "import json, sys, torch, torchvision",
                "torch.manual_seed(0)",
                "sd = torchvision.models.resnet18().state_dict()",
                "torch.save(sd, sys.argv[1], _use_new_zipfile_serialization=False)",
                "torch.save(sd, sys.argv[2])",
                "print(json.dumps({'n': len(sd)}))"), legacy.toString(), zip.toString());
        for (Path in : new Path[] {legacy, zip}) {
            Map<String, Tensor> sd = PthReader.loadStateDict(in);
            assertEquals(new ArrayList<>(PthReader.inspect(in).keySet()), new ArrayList<>(sd.keySet()));
            Path out = dir.resolve("java_" + in.getFileName());
            PthWriter.save(sd, out);
            JsonNode r = PythonTorch.run(String.join("\n",
                    "import json, sys, torch",
                    "a = torch.load(sys.argv[1])",
                    "b = torch.load(sys.argv[2], weights_only=True)",
                    "bad = [k for k in a if k not in b or a[k].dtype != b[k].dtype or not torch.equal(a[k], b[k])]",
                    "print(json.dumps({'same_order': list(a) == list(b), 'bad': bad, 'n': len(a)}))"),
                    in.toString(), out.toString());
            assertTrue(r.get("same_order").asBoolean(), in.toString());
            assertEquals("[]", r.get("bad").toString(), in.toString());
            assertEquals(122, r.get("n").asInt(), "resnet18 has 122 state-dict entries");
        }
    }
}
