package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributedEnvTest {
    static Map<String, String> torchrun(String rank, String world) {
        Map<String, String> m = new HashMap<>();
        m.put("RANK", rank);
        m.put("WORLD_SIZE", world);
        m.put("MASTER_ADDR", "10.0.0.1");
        m.put("MASTER_PORT", "29500");
        return m;
    }

    static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> DistributedEnv.from(env)).getMessage();
    }

    @Test
    void readsTheTorchrunVariables() {
        Map<String, String> m = torchrun("1", "4");
        m.put("LOCAL_RANK", "0");
        m.put("TRAINKIT_DIST_TIMEOUT", "2.5");
        DistributedEnv env = DistributedEnv.from(m);
        assertEquals(1, env.rank());
        assertEquals(4, env.worldSize());
        assertEquals(0, env.localRank());
        assertEquals("10.0.0.1", env.masterAddr());
        assertEquals(29500, env.masterPort());
        assertEquals(Duration.ofMillis(2500), env.timeout());
        assertNull(env.storePath());
        assertEquals(1, DistributedEnv.from(torchrun("1", "4")).localRank(), "LOCAL_RANK defaults to RANK");
        assertEquals(DistributedEnv.DEFAULT_TIMEOUT, DistributedEnv.from(torchrun("0", "1")).timeout());
    }

    @Test
    void fileStoreNeedsNoMasterAddress() {
        Map<String, String> m = new HashMap<>(Map.of("RANK", "0", "WORLD_SIZE", "2", "TRAINKIT_STORE_PATH", "/shared/store"));
        DistributedEnv env = DistributedEnv.from(m);
        assertEquals(Path.of("/shared/store"), env.storePath());
        assertTrue(env.toString().contains("file:///shared/store"), env.toString());
    }

    @Test
    void missingOrBadVariablesAreNamed() {
        Map<String, String> m = torchrun("0", "2");
        m.remove("RANK");
        assertTrue(error(m).startsWith("RANK: environment variable is not set"), error(m));
        m = torchrun("0", "2");
        m.remove("WORLD_SIZE");
        assertTrue(error(m).startsWith("WORLD_SIZE:"), error(m));
        m = torchrun("0", "2");
        m.remove("MASTER_ADDR");
        assertTrue(error(m).startsWith("MASTER_ADDR:") && error(m).contains("TRAINKIT_STORE_PATH"), error(m));
        m = torchrun("0", "2");
        m.remove("MASTER_PORT");
        assertTrue(error(m).startsWith("MASTER_PORT:"), error(m));
        assertTrue(error(torchrun("one", "2")).equals("RANK: expected an integer, got 'one'"), error(torchrun("one", "2")));
        m = torchrun("0", "2");
        m.put("MASTER_PORT", "70000");
        assertTrue(error(m).contains("MASTER_PORT: expected a port in [1, 65535], got 70000"), error(m));
        m = torchrun("0", "2");
        m.put("TRAINKIT_DIST_TIMEOUT", "soon");
        assertTrue(error(m).startsWith("TRAINKIT_DIST_TIMEOUT:"), error(m));
    }

    @Test
    void worldSizeAndRankAreChecked() {
        assertEquals("WORLD_SIZE: expected a world size >= 1, got 0", error(torchrun("0", "0")));
        assertEquals("RANK: expected a rank in [0, 1] for WORLD_SIZE=2, got 2", error(torchrun("2", "2")));
        assertTrue(error(torchrun("-1", "2")).startsWith("RANK: expected a rank in [0, 1]"));
        assertThrows(IllegalArgumentException.class, () -> new DistributedLauncher(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DistributedLauncher(0))
                .getMessage().startsWith("nproc:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DistributedLauncher(1).nodes(2, 2, "h"))
                .getMessage().startsWith("nodeRank: expected a node rank in [0, 1], got 2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DistributedLauncher(1).nodes(2, 0, "h").run("Main", java.util.List.of()))
                .getMessage().startsWith("masterPort: a multi-node job needs an explicit port"));
    }
}
