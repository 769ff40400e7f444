package dev.trainkit.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {
    @Test
    void currentListsEveryVariableInOrderWithThisProcesssValue() {
        Map<String, String> env = NativeEnvironment.current();
        assertEquals(NativeEnvironment.VARIABLES, new ArrayList<>(env.keySet()));
        for (String name : NativeEnvironment.VARIABLES) {
            assertEquals(System.getenv(name), env.get(name), name);
        }
        assertThrows(UnsupportedOperationException.class, () -> env.put("OMP_NUM_THREADS", "1"));
    }

    @Test
    void describeNamesExactlyTheVariablesThatAreSet() {
        String d = NativeEnvironment.describe();
        List<String> set = new ArrayList<>();
        for (String name : NativeEnvironment.VARIABLES) {
            String value = System.getenv(name);
            if (value != null) {
                set.add(name + "=" + value);
                assertTrue(d.contains(name + "=" + value), d);
            } else {
                assertFalse(d.contains(name + "="), d);
            }
        }
        assertEquals(set.isEmpty() ? "none set" : String.join(" ", set), d);
    }

    @Test
    void theVariablesIncludeTheOnesTheLauncherSets() {
        for (String name : List.of("OPENBLAS_THREAD_TIMEOUT", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES")) {
            assertTrue(NativeEnvironment.VARIABLES.contains(name), name);
        }
    }
}
