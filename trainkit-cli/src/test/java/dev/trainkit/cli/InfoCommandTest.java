package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.amp.CpuFeatures;
import dev.trainkit.tensor.NativeEnvironment;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void jsonReportsCapabilityFlagsAndAutoPrecision() throws Exception {
        CliRun r = CliRun.of("info", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertTrue(o.get("cpu_capability").isTextual() && !o.get("cpu_capability").asText().isEmpty(), r.out());
        CpuFeatures cpu = CpuFeatures.detect();
        assertEquals(cpu.relevantFlags().size(), o.get("cpu_flags").size(), r.out());
        boolean bf16 = o.get("bf16_native").asBoolean();
        assertEquals(cpu.bf16Native(), bf16);
        assertEquals(bf16 ? "bf16-mixed" : "32", o.get("auto_precision").asText());
    }

    @Test
    void jsonReportsTheNativeEnvironmentAsThisProcessSeesIt() throws Exception {
        CliRun r = CliRun.of("info", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode env = new ObjectMapper().readTree(r.out()).get("native_env");
        assertEquals(NativeEnvironment.VARIABLES.size(), env.size(), r.out());
        for (String name : NativeEnvironment.VARIABLES) {
            String value = System.getenv(name);
            assertTrue(env.has(name), name + " missing: " + r.out());
            if (value == null) {
                assertTrue(env.get(name).isNull(), name + " is unset here but reported as " + env.get(name));
            } else {
                assertEquals(value, env.get(name).asText(), name);
            }
        }
    }

    @Test
    void textAndBadFormat() {
        CliRun t = CliRun.of("info");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("cpu_capability") && t.out().contains("auto_precision")
                && t.out().contains("native_env"), t.out());
        CliRun bad = CliRun.of("info", "--format", "yaml");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--format"), bad.err());
    }
}
