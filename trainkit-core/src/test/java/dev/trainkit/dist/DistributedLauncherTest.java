package dev.trainkit.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedLauncherTest {
    @Test
    void workersShareHeapGcAndPropertyOptionsButNotAgentsOrDebuggers() {
        List<String> launcher = List.of("-XX:+UseSerialGC", "-Xmn16m", "-Xmx2g", "-Xms64m", "-Xss2m",
                "-Ddev.trainkit.vision.nativeDecode=false", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-javaagent:/tmp/agent.jar", "-Xrunjdwp:transport=dt_socket", "-Xdebug", "-verbose:gc", "-ea");
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmn16m", "-Xmx2g", "-Xms64m", "-Xss2m",
                "-Ddev.trainkit.vision.nativeDecode=false"), DistributedLauncher.inheritedJvmOptions(launcher));
        assertEquals(List.of(), DistributedLauncher.inheritedJvmOptions(List.of()));
    }

    @Test
    void thisJvmsHeapOptionsAreAmongTheInheritedOnes() {
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> inherited = DistributedLauncher.inheritedJvmOptions(mine);
        for (String o : mine) {
            if (o.startsWith("-Xmx") || o.startsWith("-XX:")) {
                assertTrue(inherited.contains(o), o + " not passed on: " + inherited);
            }
        }
    }
}
