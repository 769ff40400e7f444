package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trainkit.io.PthReader;
import dev.trainkit.io.Safetensors;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trainkit weights ...} through the real root command, as the launcher runs it. */
class WeightsCommandTest {
    @TempDir
    Path dir;


    private static Path golden(String name) throws Exception {
        return Path.of(WeightsCommandTest.class.getResource("/golden/io/" + name).toURI());
    }

    @Test
    void inspectPrintsTheContractJsonInFileOrder() throws Exception {
        for (String f : List.of("legacy_dtypes.pth", "zip_dtypes.pth", "dtypes.safetensors")) {
            CliRun r = CliRun.of("weights", "inspect", golden(f).toString(), "--format", "json");
            assertEquals(0, r.code(), r.err());
            JsonNode root = new ObjectMapper().readTree(r.out());
            assertEquals(List.of("tensors"), names(root));
            JsonNode t = root.get("tensors");
            assertEquals(List.of("f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8", "bool", "scalar", "empty"),
                    names(t), f);
            assertEquals("{\"shape\":[2,3],\"dtype\":\"float32\"}", t.get("f32").toString());
            assertEquals("{\"shape\":[2,2],\"dtype\":\"bfloat16\"}", t.get("bf16").toString());
            assertEquals("{\"shape\":[],\"dtype\":\"float32\"}", t.get("scalar").toString());
            assertEquals("{\"shape\":[0,3],\"dtype\":\"float32\"}", t.get("empty").toString());
            assertEquals(1, r.out().lines().count(), "one JSON object on stdout");
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> l = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            l.add(it.next());
        }
        return l;
    }

    @Test
    void inspectTableListsEveryTensor() throws Exception {
        CliRun r = CliRun.of("weights", "inspect", golden("zip_views.pth").toString(), "--format", "table");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("transposed") && r.out().contains("[6, 4]") && r.out().contains("6 tensors"), r.out());
    }

    @Test
    void refusedAndCorruptFilesExitNonZeroWithOneLineOnStderr() throws Exception {
        CliRun evil = CliRun.of("weights", "inspect", golden("evil_system.pth").toString(), "--format", "json");
        assertNotEquals(0, evil.code());
        assertEquals("", evil.out());
        assertEquals(1, evil.err().lines().count(), evil.err());
        assertTrue(evil.err().contains("refused to load global 'posix.system'"), evil.err());

        byte[] full = Files.readAllBytes(golden("legacy_dtypes.pth"));
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(full, full.length / 2));
        CliRun bad = CliRun.of("weights", "inspect", cut.toString());
        assertNotEquals(0, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains("cut.pth"), bad.err());

        CliRun missing = CliRun.of("weights", "inspect", dir.resolve("nope.pth").toString());
        assertNotEquals(0, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void convertRoundTripsPthAndSafetensors() throws Exception {
        Path st = dir.resolve("w.safetensors");
        Path pth = dir.resolve("w.pth");
        CliRun toSt = CliRun.of("weights", "convert", golden("legacy_views.pth").toString(), st.toString());
        assertEquals(0, toSt.code(), toSt.err());
        CliRun toPth = CliRun.of("weights", "convert", st.toString(), pth.toString());
        assertEquals(0, toPth.code(), toPth.err());
        Map<String, Tensor> a = PthReader.loadStateDict(golden("legacy_views.pth"));
        Map<String, Tensor> b = Safetensors.load(st);
        Map<String, Tensor> c = PthReader.loadStateDict(pth);
        assertEquals(a.keySet(), c.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(Torch.toBytes(a.get(k)), Torch.toBytes(b.get(k)), k);
            assertArrayEquals(Torch.toBytes(a.get(k)), Torch.toBytes(c.get(k)), k);
        }
        CliRun ckpt = CliRun.of("weights", "convert", golden("zip_checkpoint.pth").toString(), dir.resolve("sd.safetensors").toString(),
                "--key", "state_dict");
        assertEquals(0, ckpt.code(), ckpt.err());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), new ArrayList<>(Safetensors.inspect(dir.resolve("sd.safetensors")).keySet()));
        CliRun badExt = CliRun.of("weights", "convert", st.toString(), dir.resolve("w.txt").toString());
        assertNotEquals(0, badExt.code());
        assertTrue(badExt.err().contains("extension"), badExt.err());
    }

    @Test
    void downloadFetchesIntoTheDirectoryAndReusesIt() throws Exception {
        byte[] body = Files.readAllBytes(golden("zip_views.pth"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] requests = {0};
        server.createContext("/", ex -> {
            requests[0]++;
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/models/views.pth";
            CliRun r = CliRun.of("weights", "download", url, "--dir", dir.toString(), "--no-progress");
            assertEquals(0, r.code(), r.err());
            assertEquals(dir.resolve("views.pth").toAbsolutePath().toString(), r.out().trim());
            assertArrayEquals(body, Files.readAllBytes(dir.resolve("views.pth")));
            CliRun again = CliRun.of("weights", "download", url, "--dir", dir.toString());
            assertEquals(0, again.code(), again.err());
            assertEquals(1, requests[0], "the cached file is reused");
            CliRun wrong = CliRun.of("weights", "download", url.replace("views", "views-deadbeef"), "--dir", dir.toString(),
                    "--no-progress");
            assertNotEquals(0, wrong.code());
            assertTrue(wrong.err().contains("deadbeef"), wrong.err());
            assertTrue(!Files.exists(dir.resolve("views-deadbeef.pth")));
        } finally {
            server.stop(0);
        }
        // a weights name resolves through the zoo's catalog to torchvision's file name; a file the
        // user already has is reused (no network: nothing else is in this directory's place)
        Path have = Files.writeString(dir.resolve("resnet18-f37072fd.pth"), "already here");
        for (String n : List.of("resnet18", "ResNet18_Weights.IMAGENET1K_V1", "resnet18:DEFAULT")) {
            CliRun name = CliRun.of("weights", "download", n, "--dir", dir.toString());
            assertEquals(0, name.code(), name.err());
            assertEquals(have.toAbsolutePath().toString(), name.out().trim());
            assertTrue(name.err().contains("https://download.pytorch.org/models/resnet18-f37072fd.pth"), name.err());
        }
        CliRun unknown = CliRun.of("weights", "download", "resnet19", "--dir", dir.toString());
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("did you mean 'resnet18'"), unknown.err());
    }
}
