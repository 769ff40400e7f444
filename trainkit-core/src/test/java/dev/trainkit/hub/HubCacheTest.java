package dev.trainkit.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torch.hub's directory and file-name rules (torch/hub.py: _get_torch_home, HASH_REGEX). */
class HubCacheTest {
    @TempDir
    Path dir;

    @Test
    void directoryFollowsTorchHomeThenXdgThenHome() {
        assertEquals(Path.of("/t/hub/checkpoints"), HubCache.checkpointsDir(Map.of("TORCH_HOME", "/t", "XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/x/torch/hub/checkpoints"), HubCache.checkpointsDir(Map.of("XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/h/.cache/torch/hub/checkpoints"), HubCache.checkpointsDir(Map.of(), "/h"));
        assertEquals(Path.of("/h/th/hub/checkpoints"), HubCache.checkpointsDir(Map.of("TORCH_HOME", "~/th"), "/h"));
    }

    @Test
    void fileNamesAndHashPrefixesAreTorchvisions() {
        String url = "https://download.pytorch.org/models/resnet18-f37072fd.pth";
        assertEquals("resnet18-f37072fd.pth", HubCache.fileName(url));
        assertEquals("resnet18-f37072fd.pth", HubCache.fileName(url + "?download=1"));
        assertEquals(Optional.of("f37072fd"), HubCache.hashPrefix("resnet18-f37072fd.pth"));
        assertEquals(Optional.of("3dd342df"), HubCache.hashPrefix("efficientnet_b0_rwightman-3dd342df.pth"));
        assertEquals(Optional.empty(), HubCache.hashPrefix("model.pth"));
        assertThrows(IllegalArgumentException.class, () -> HubCache.fileName("https://example.com/"));
    }

    @Test
    void anExistingFileIsFoundWithoutDownloading() throws Exception {
        HubCache cache = new HubCache(dir);
        String url = "http://127.0.0.1:9/models/resnet18-f37072fd.pth"; // port 9: nothing listens
        assertEquals(Optional.empty(), cache.find(url));
        Path p = Files.writeString(dir.resolve("resnet18-f37072fd.pth"), "cached");
        assertEquals(Optional.of(p), cache.find(url));
        assertEquals(p, cache.get(url, new Downloader().progress(false)), "no download attempted");
    }
}
