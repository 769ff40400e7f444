package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code trainkit launch}: N worker JVMs with torchrun's environment, the job's exit code. */
class LaunchCommandTest {

    /** A worker that checks its torchrun environment; exits with {@code 10 + rank} when asked to fail. */
    public static final class Worker {
        public static void main(String[] args) {
            String rank = System.getenv("RANK");
            boolean ok = rank != null && "2".equals(System.getenv("WORLD_SIZE")) && System.getenv("MASTER_PORT") != null;
            System.out.println("worker rank " + rank + " ok " + ok);
            if (!ok) {
                System.exit(3);
            }
            if (args.length > 0 && args[0].equals("fail") && rank.equals("1")) {
                System.exit(11);
            }
        }
    }

    @Test
    void runsTwoWorkersWithTheirRanksAndReturnsTheJobsExitCode() {
        CliRun ok = CliRun.of("launch", "--nproc", "2", "--timeout", "5", Worker.class.getName());
        assertEquals(0, ok.code(), ok.err() + ok.out());
        CliRun failed = CliRun.of("launch", "--nproc", "2", "--timeout", "1", Worker.class.getName(), "fail");
        assertEquals(11, failed.code(), failed.err() + failed.out());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun zero = CliRun.of("launch", "--nproc", "0", Worker.class.getName());
        assertNotEquals(0, zero.code());
        assertTrue(zero.err().contains("nproc"), zero.err());
        CliRun timeout = CliRun.of("launch", "--timeout", "-1", Worker.class.getName());
        assertNotEquals(0, timeout.code());
        assertTrue(timeout.err().contains("--timeout"), timeout.err());
    }
}
