package dev.trainkit.bench;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of an optimizer step goes on a zoo model's parameters: the per-tensor and
 * multi-tensor ({@code foreach=True}) steps of SGD-momentum and AdamW next to (a) the gradient
 * gather alone (copying every gradient into one flat buffer, what the multi-tensor step adds)
 * and (b) the "flat parameters" lower bound: the same update math as a handful of whole-buffer
 * ops on parameters, gradients and state that already live in flat buffers (no copies, one op
 * per line of the algorithm). All cases are timed interleaved, step by step (3 untimed rounds,
 * median of N). One JSON line per case.
 *
 * <pre>
 * java -cp "trainkit-cli/target/classes:trainkit-cli/target/lib/*" dev.trainkit.bench.FlatStepProbe resnet50 20 1
 * </pre>
 *
 * <p>PyTorch equivalent of the flat bound: the {@code _foreach_*} kernels on one tensor each.
 */
public final class FlatStepProbe {
    private FlatStepProbe() {
    }

    private static Runnable optimizer(String spec, List<Tensor> params) {
        Optimizer opt = Optimizers.create(spec, OptimizerStepBenchmark.seededCopies(params));
        return opt::step;
    }

    /** The flat buffers of the lower bound: parameters, gradients and {@code states} state buffers. */
    private static Tensor[] flat(long numel, int states) {
        Tensor[] out = new Tensor[2 + states];
        out[0] = TensorScope.escape(Torch.randn(numel));
        out[1] = TensorScope.escape(Torch.randn(numel).mul(1e-3));
        for (int i = 2; i < out.length; i++) {
            out[i] = TensorScope.escape(Torch.zeros(numel));
        }
        return out;
    }

    /** Arguments: model name, timed steps, intra-op threads. */
    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FlatStepProbe MODEL STEPS THREADS, got " + Arrays.toString(args));
        }
        Torch.setNumThreads(Integer.parseInt(args[2]));
        int steps = Integer.parseInt(args[1]);
        Module model = Models.create(args[0]);
        List<Tensor> params = new ArrayList<>(model.parameters());
        long numel = params.stream().mapToLong(Tensor::numel).sum();
        Map<String, Runnable> cases = new LinkedHashMap<>();
        try (NoGrad ng = NoGrad.enter()) {
            cases.put("SGD(lr=0.1, momentum=0.9, foreach=False)", optimizer("SGD(lr=0.1, momentum=0.9, foreach=False)", params));
            cases.put("SGD(lr=0.1, momentum=0.9, foreach=True)", optimizer("SGD(lr=0.1, momentum=0.9, foreach=True)", params));
            Tensor[] s = flat(numel, 1);
            cases.put("SGD momentum, flat buffers (lower bound)", () -> {
                s[2].mul_(0.9).add_(s[1], 1.0);
                s[0].add_(s[2], -0.1);
            });
            cases.put("AdamW(foreach=False)", optimizer("AdamW(foreach=False)", params));
            cases.put("AdamW(foreach=True)", optimizer("AdamW(foreach=True)", params));
            Tensor[] a = flat(numel, 3);
            cases.put("AdamW, flat buffers (lower bound)", () -> {
                a[0].mul_(1 - 1e-3 * 1e-2);
                a[2].lerp_(a[1], 0.1);
                a[3].mul_(0.999).addcmul_(a[1], a[1], 0.001);
                a[4].copy_(a[3]).sqrt_().div_(0.5).add_(1e-8);
                a[0].addcdiv_(a[2], a[4], -1e-3);
            });
            // the per-tensor AdamW step written out, with three ways of forming the denominator
            for (String denomMode : List.of("sqrt().div().add_()", "sqrt().div_().add_()", "scratch.copy_().sqrt_().div_().add_()")) {
                List<Tensor> ps = OptimizerStepBenchmark.seededCopies(params);
                List<Tensor[]> st = new ArrayList<>();
                for (Tensor p : ps) {
                    st.add(new Tensor[] {TensorScope.escape(Torch.zerosLike(p)), TensorScope.escape(Torch.zerosLike(p)),
                        TensorScope.escape(Torch.zerosLike(p))});
                }
                cases.put("AdamW per tensor, denom " + denomMode, () -> {
                    for (int i = 0; i < ps.size(); i++) {
                        Tensor p = ps.get(i);
                        Tensor[] t = st.get(i);
                        Tensor grad = p.grad();
                        p.mul_(1 - 1e-3 * 1e-2);
                        t[0].lerp_(grad, 0.1);
                        t[1].mul_(0.999).addcmul_(grad, grad, 0.001);
                        Tensor denom = switch (denomMode) {
                            case "sqrt().div().add_()" -> t[1].sqrt().div(0.5).add_(1e-8);
                            case "sqrt().div_().add_()" -> t[1].sqrt().div_(0.5).add_(1e-8);
                            default -> t[2].copy_(t[1]).sqrt_().div_(0.5).add_(1e-8);
                        };
                        p.addcdiv_(t[0], denom, -1e-3);
                    }
                });
            }
            List<Tensor> g = OptimizerStepBenchmark.seededCopies(params);
            Tensor gathered = TensorScope.escape(Torch.zeros(numel));
            List<Tensor> views = new ArrayList<>();
            long off = 0;
            for (Tensor p : g) {
                views.add(TensorScope.escape(gathered.narrow(0, off, p.numel()).view(p.shape())));
                off += p.numel();
            }
            cases.put("gather: copy every gradient into a flat buffer", () -> {
                for (int i = 0; i < g.size(); i++) {
                    views.get(i).copy_(g.get(i).grad());
                }
            });
        }
        List<Runnable> runs = new ArrayList<>(cases.values());
        double[][] ms = new double[runs.size()][steps];
        for (int i = -3; i < steps; i++) {
            for (int k = 0; k < runs.size(); k++) {
                long t0 = System.nanoTime();
                try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
                    runs.get(k).run();
                }
                if (i >= 0) {
                    ms[k][i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        int k = 0;
        for (String name : cases.keySet()) {
            Arrays.sort(ms[k]);
            System.out.printf("{\"impl\":\"trainkit\",\"model\":\"%s\",\"case\":\"%s\",\"tensors\":%d,\"numel\":%d,"
                    + "\"threads\":%d,\"steps\":%d,\"median_ms\":%.3f}%n", args[0], name, params.size(), numel,
                    Torch.numThreads(), steps, ms[k][steps / 2]);
            k++;
        }
    }
}
