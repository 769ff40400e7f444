package dev.trainkit.nn;

import com.fasterxml.jackson.databind.JsonNode;

/** Builds a TrainKit layer from a PyTorch class name and its keyword arguments (as in the goldens). */
final class LayerFactory {
    private final JsonNode args;

    private LayerFactory(JsonNode args) {
        this.args = args;
    }

    static Module create(String layer, JsonNode args) {
        return new LayerFactory(args).build(layer);
    }

    private boolean has(String k) {
        return args.has(k);
    }

    private long l(String k, long dflt) {
        return has(k) ? args.get(k).asLong() : dflt;
    }

    private double d(String k, double dflt) {
        return has(k) ? args.get(k).asDouble() : dflt;
    }

    private boolean b(String k, boolean dflt) {
        return has(k) ? args.get(k).asBoolean() : dflt;
    }

    private String s(String k, String dflt) {
        return has(k) ? args.get(k).asText() : dflt;
    }

    /** Int-or-tuple argument as an array of 1 or n values. */
    private long[] t(String k, long dflt) {
        if (!has(k)) {
            return new long[] {dflt};
        }
        JsonNode v = args.get(k);
        if (!v.isArray()) {
            return new long[] {v.asLong()};
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asLong();
        }
        return out;
    }

    private boolean scalar(String k) {
        return !has(k) || !args.get(k).isArray();
    }

    private Module build(String layer) {
        switch (layer) {
            case "Linear":
                return new Linear(l("in_features", 0), l("out_features", 0), b("bias", true));
            case "Conv1d":
            case "Conv2d":
                return conv(layer);
            case "ConvTranspose2d":
                return new ConvTranspose2d(l("in_channels", 0), l("out_channels", 0), t("kernel_size", 0),
                        t("stride", 1), t("padding", 0), t("output_padding", 0), l("groups", 1), b("bias", true),
                        t("dilation", 1), s("padding_mode", "zeros"));
            case "BatchNorm1d":
                return new BatchNorm1d(l("num_features", 0), d("eps", 1e-5), momentum(), b("affine", true),
                        b("track_running_stats", true));
            case "BatchNorm2d":
                return new BatchNorm2d(l("num_features", 0), d("eps", 1e-5), momentum(), b("affine", true),
                        b("track_running_stats", true));
            case "LayerNorm":
                return new LayerNorm(t("normalized_shape", 0), d("eps", 1e-5), b("elementwise_affine", true), true);
            case "GroupNorm":
                return new GroupNorm(l("num_groups", 0), l("num_channels", 0), d("eps", 1e-5), b("affine", true));
            case "Dropout":
                return new Dropout(d("p", 0.5), b("inplace", false));
            case "Dropout2d":
                return new Dropout2d(d("p", 0.5), b("inplace", false));
            case "ReLU":
                return new ReLU(b("inplace", false));
            case "ReLU6":
                return new ReLU6(b("inplace", false));
            case "LeakyReLU":
                return new LeakyReLU(d("negative_slope", 0.01), b("inplace", false));
            case "GELU":
                return new GELU(s("approximate", "none"));
            case "SiLU":
                return new SiLU(b("inplace", false));
            case "Hardswish":
                return new Hardswish(b("inplace", false));
            case "Hardsigmoid":
                return new Hardsigmoid(b("inplace", false));
            case "Sigmoid":
                return new Sigmoid();
            case "Tanh":
                return new Tanh();
            case "Softmax":
                return new Softmax((int) l("dim", 0));
            case "MaxPool2d":
                if (scalar("kernel_size") && scalar("stride") && scalar("padding") && !has("dilation")
                        && !has("ceil_mode")) {
                    long k = l("kernel_size", 0);
                    return new MaxPool2d(k, l("stride", k), l("padding", 0));
                }
                return new MaxPool2d(t("kernel_size", 0), has("stride") ? t("stride", 0) : null, t("padding", 0),
                        t("dilation", 1), b("ceil_mode", false));
            case "AvgPool2d":
                if (scalar("kernel_size") && scalar("stride") && scalar("padding")) {
                    long k = l("kernel_size", 0);
                    return new AvgPool2d(new long[] {k}, new long[] {l("stride", k)}, new long[] {l("padding", 0)},
                            b("ceil_mode", false), b("count_include_pad", true),
                            has("divisor_override") ? l("divisor_override", 0) : null);
                }
                return new AvgPool2d(t("kernel_size", 0), has("stride") ? t("stride", 0) : null, t("padding", 0),
                        b("ceil_mode", false), b("count_include_pad", true),
                        has("divisor_override") ? l("divisor_override", 0) : null);
            case "AdaptiveAvgPool2d":
                return scalar("output_size") ? new AdaptiveAvgPool2d(l("output_size", 0))
                        : new AdaptiveAvgPool2d(t("output_size", 0));
            case "Flatten":
                return new Flatten((int) l("start_dim", 1), (int) l("end_dim", -1));
            case "Identity":
                return new Identity();
            case "Embedding":
                return new Embedding(l("num_embeddings", 0), l("embedding_dim", 0),
                        has("padding_idx") ? l("padding_idx", 0) : null);
            default:
                throw new IllegalArgumentException("no factory for layer " + layer);
        }
    }

    private Double momentum() {
        if (!has("momentum")) {
            return 0.1;
        }
        return args.get("momentum").isNull() ? null : args.get("momentum").asDouble();
    }

    private Module conv(String layer) {
        long in = l("in_channels", 0);
        long out = l("out_channels", 0);
        JsonNode p = args.get("padding");
        boolean stringPad = p != null && p.isTextual();
        if (layer.equals("Conv1d")) {
            return stringPad
                    ? new Conv1d(in, out, t("kernel_size", 0), t("stride", 1), p.asText(), t("dilation", 1),
                            l("groups", 1), b("bias", true), s("padding_mode", "zeros"))
                    : new Conv1d(in, out, t("kernel_size", 0), t("stride", 1), t("padding", 0), t("dilation", 1),
                            l("groups", 1), b("bias", true), s("padding_mode", "zeros"));
        }
        return stringPad
                ? new Conv2d(in, out, t("kernel_size", 0), t("stride", 1), p.asText(), t("dilation", 1),
                        l("groups", 1), b("bias", true), s("padding_mode", "zeros"))
                : new Conv2d(in, out, t("kernel_size", 0), t("stride", 1), t("padding", 0), t("dilation", 1),
                        l("groups", 1), b("bias", true), s("padding_mode", "zeros"));
    }
}
