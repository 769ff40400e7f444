package dev.trainkit.dist;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that need a process group in the test JVM: a world of one over a c10d FileStore. */
abstract class WorldOfOne {
    @TempDir
    static Path dir;
    static ProcessGroup pg;

    @BeforeAll
    static void init() {
        pg = ProcessGroup.init(DistributedEnv.ofFileStore(0, 1, dir.resolve("store/file")));
    }

    @AfterAll
    static void close() {
        pg.close();
    }
}
