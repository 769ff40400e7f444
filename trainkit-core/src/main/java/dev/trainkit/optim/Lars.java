package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * LARS, layer-wise adaptive rate scaling (You et al. 2017, "Large Batch Training of
 * Convolutional Networks"), as timm's {@code timm.optim.Lars}: SGD (momentum, dampening,
 * Nesterov) whose gradient plus weight decay is first scaled per parameter by the trust ratio
 * {@code trust_coeff * |w| / (|g| + weight_decay * |w| + eps)}; {@code trust_clip} is NVIDIA
 * APEX's LARC ({@code min(ratio / lr, 1)}). Not in torch.optim.
 *
 * <pre>{@code
 * Optimizer opt = new Lars(model.parameters(), Map.of("lr", 0.5, "momentum", 0.9, "weight_decay", 1e-4));
 * // timm: timm.optim.Lars(model.parameters(), lr=0.5, momentum=0.9, weight_decay=1e-4)
 * }</pre>
 *
 * <p>Options (timm's defaults): {@code lr=1.0, momentum=0, dampening=0, weight_decay=0,
 * nesterov=false, trust_coeff=0.001, eps=1e-8, trust_clip=false, always_adapt=false} (adapt
 * only parameters with weight decay unless set). State: {@code momentum_buffer}.
 */
public class Lars extends Optimizer {
    /** timm's {@code Lars(params, lr=1.0, momentum=0, dampening=0, weight_decay=0, nesterov=False, trust_coeff=0.001, eps=1e-8, trust_clip=False, always_adapt=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Lars").param("lr", 1.0).param("momentum", 0.0).param("dampening", 0.0)
                    .param("weight_decay", 0.0).param("nesterov", false).param("trust_coeff", 0.001)
                    .param("eps", 1e-8).param("trust_clip", false).param("always_adapt", false).build(),
            "SGD with layer-wise trust ratios for large batches (timm's Lars; trust_clip: LARC)",
            OptimizerFactory.of(SGD::check, Lars::new));

    /** Lars over {@code params} with keyword options. */
    public Lars(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Lars", params), kwargs);
    }

    /** Lars over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Lars(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double weightDecay = g.getDouble("weight_decay");
        double momentum = g.getDouble("momentum");
        double trustCoeff = g.getDouble("trust_coeff");
        double eps = g.getDouble("eps");
        boolean adapt = weightDecay != 0 || flag(g, "always_adapt");
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            if (adapt) {
                // as timm, with 0-dim tensors in the parameter's dtype
                Tensor wNorm = p.norm(2);
                Tensor gNorm = grad.norm(2);
                Tensor ratio = wNorm.item() > 0 && gNorm.item() > 0
                        ? wNorm.mul(trustCoeff).div(gNorm.add(wNorm.mul(weightDecay)).add(eps))
                        : Torch.scalar(1.0, p.dtype());
                if (flag(g, "trust_clip")) {
                    ratio = ratio.div(lr).clampMax(1.0);
                }
                grad = grad.add(p, weightDecay).mul_(ratio);
            }
            if (momentum != 0) {
                Map<String, Object> st = state(p);
                Tensor buf = (Tensor) st.get("momentum_buffer");
                if (buf == null) {
                    buf = keep(grad.clone().detach());
                    st.put("momentum_buffer", buf);
                } else {
                    buf.mul_(momentum).add_(grad, 1 - g.getDouble("dampening"));
                }
                grad = flag(g, "nesterov") ? grad.add(buf, momentum) : buf;
            }
            p.add_(grad, -lr);
        }
    }
}
