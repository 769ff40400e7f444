package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the real {@code trainkit} root command in-process, capturing what it prints on
 * {@code System.out} and {@code System.err} (commands print JSON with System.out).
 *
 * @param code the exit code
 * @param out everything printed on standard output
 * @param err everything printed on standard error
 */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = TrainKitCommand.commandLine();
            cl.setErr(new PrintWriter(System.err, true));
            int code = cl.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The last JSON object printed, after checking the command succeeded. */
    JsonNode json() throws IOException {
        assertEquals(0, code, err);
        String o = out.strip();
        return new ObjectMapper().readTree(o.substring(o.lastIndexOf("\n{") + 1));
    }

    /**
     * {@code trainkit predict --run RUN [extra...]} on every image under {@code folder} (an
     * ImageFolder split, files in sorted order).
     */
    static FolderPredictions predictFolder(Path run, Path folder, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", "--run", run.toString()));
        args.addAll(List.of(extra));
        List<String> truth = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            s.filter(Files::isRegularFile).sorted().forEach(f -> {
                args.add(f.toString());
                truth.add(f.getParent().getFileName().toString());
            });
        }
        return new FolderPredictions(of(args.toArray(String[]::new)).json(), truth);
    }

    /**
     * What {@link #predictFolder} printed and each image's class folder.
     *
     * @param json the command's JSON ({@code predictions}, {@code logits})
     * @param truth the class folder of each image, in the order predicted
     */
    record FolderPredictions(JsonNode json, List<String> truth) {
        /** The fraction of images whose predicted label is their folder. */
        double accuracy() {
            int right = 0;
            for (int i = 0; i < truth.size(); i++) {
                right += json.get("predictions").get(i).get("label").asText().equals(truth.get(i)) ? 1 : 0;
            }
            return right / (double) truth.size();
        }
    }
}
