package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.vision.models.ModelInfo;
import dev.trainkit.vision.models.Models;
import dev.trainkit.vision.models.weights.Weights;
import dev.trainkit.vision.models.weights.WeightsCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainkit models [GLOB] [--format table|json]}: lists the model zoo's builders matching
 * a shell glob, with family, parameter count (default arguments), constructor arguments and
 * pretrained weights (name, file, SHA-256 prefix, ImageNet accuracy; {@code *} marks DEFAULT).
 * Builds no model and loads no native library.
 *
 * <pre>
 * trainkit models 'resnet*' --format json
 * </pre>
 *
 * <p>PyTorch equivalent: {@code torchvision.models.list_models(include="resnet*")} and
 * {@code get_model_weights(name)}.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model zoo's architectures with parameter counts and available weights.")
public final class ModelsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "GLOB",
            description = "Shell-style pattern of builder names, e.g. 'resnet*' (default: all).")
    String glob;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "json").contains(format)) {
            throw new IllegalArgumentException("--format: expected table or json, got '" + format + "'");
        }
        List<String> names = Models.listModels(glob);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no model matches '" + glob + "'; models: "
                    + String.join(", ", Models.listModels()));
        }
        if (format.equals("json")) {
            System.out.println(new ObjectMapper().writeValueAsString(json(names)));
        } else {
            table(names);
        }
        return 0;
    }

    private static ObjectNode json(List<String> names) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        ArrayNode models = root.putArray("models");
        for (String n : names) {
            ModelInfo info = Models.info(n);
            ObjectNode m = models.addObject();
            m.put("name", n);
            m.put("family", info.family());
            m.put("num_params", Models.defaultParameterCount(n));
            ArrayNode args = m.putArray("arguments");
            info.arguments().forEach(args::add);
            ArrayNode ws = m.putArray("weights");
            Weights def = WeightsCatalog.defaultFor(n);
            for (Weights w : WeightsCatalog.forModel(n)) {
                ObjectNode o = ws.addObject();
                o.put("name", w.meta().torchvisionName());
                o.put("default", w == def);
                o.put("url", w.url());
                o.put("file_name", w.fileName());
                o.put("sha256_prefix", w.sha256Prefix());
                o.put("num_params", w.numParams());
                o.put("num_classes", w.categories().size());
                if (!Double.isNaN(w.meta().acc1())) {
                    o.put("acc@1", w.meta().acc1());
                    o.put("acc@5", w.meta().acc5());
                }
            }
        }
        return root;
    }

    private static void table(List<String> names) {
        System.out.printf("%-20s %-13s %12s  %s%n", "model", "family", "params", "weights (* = DEFAULT)");
        for (String n : names) {
            Weights def = WeightsCatalog.defaultFor(n);
            List<String> ws = new ArrayList<>();
            for (Weights w : WeightsCatalog.forModel(n)) {
                ws.add(w.name() + (w == def ? "*" : ""));
            }
            System.out.printf("%-20s %-13s %,12d  %s%n", n, Models.info(n).family(), Models.defaultParameterCount(n),
                    String.join(" ", ws));
        }
    }
}
