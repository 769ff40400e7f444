package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cosine annealing with warm restarts (SGDR): the lr follows a cosine from the initial lr to
 * {@code etaMin} over {@code T_i} epochs, then restarts; {@code T_0} is the first period and each
 * restart multiplies it by {@code T_mult}. {@link #step(double)} accepts fractional epochs (e.g.
 * {@code epoch + i / itersPerEpoch}) and can be interleaved with {@link #step()}.
 *
 * <pre>{@code
 * CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(opt, 10, 2, 1e-5);
 * for (int epoch = 0; epoch < 30; epoch++) for (int i = 0; i < iters; i++) { ...; s.step(epoch + (double) i / iters); }
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=1e-5)}.
 */
public class CosineAnnealingWarmRestarts extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("CosineAnnealingWarmRestarts").required("T_0").param("T_mult", 1).param("eta_min", 0.0)
                    .param("last_epoch", -1).build(),
            "cosine annealing restarted every T_0 × T_mult^i epochs (SGDR)",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new CosineAnnealingWarmRestarts(opt,
                    a.getInt("T_0"), a.getInt("T_mult"), a.getDouble("eta_min"), a.getInt("last_epoch"))));

    private final int t0;
    private long tI;
    private final int tMult;
    private final double etaMin;
    private double tCur;

    /** {@code T_mult = 1}, {@code etaMin = 0}. */
    public CosineAnnealingWarmRestarts(HasParamGroups optimizer, int t0) {
        this(optimizer, t0, 1, 0.0, -1);
    }

    /** Restarts after {@code t0}, {@code t0*tMult}, ... epochs, annealing to {@code etaMin}. */
    public CosineAnnealingWarmRestarts(HasParamGroups optimizer, int t0, int tMult, double etaMin) {
        this(optimizer, t0, tMult, etaMin, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public CosineAnnealingWarmRestarts(HasParamGroups optimizer, int t0, int tMult, double etaMin, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (t0 <= 0) {
            throw new IllegalArgumentException("T_0: Expected positive integer T_0, but got " + t0);
        }
        if (tMult < 1) {
            throw new IllegalArgumentException("T_mult: Expected integer T_mult >= 1, but got " + tMult);
        }
        this.t0 = t0;
        this.tI = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tCur = lastEpoch;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2);
        }
        return out;
    }

    /** Next epoch: {@code T_cur + 1}, restarting when it reaches {@code T_i}. */
    @Override
    public void step() {
        stepTo(null);
    }

    /**
     * Jumps to (possibly fractional) {@code epoch}.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public void step(double epoch) {
        stepTo(epoch);
    }

    private void stepTo(Double epochArg) {
        double epoch;
        if (epochArg == null && lastEpoch < 0) {
            epochArg = 0.0;
        }
        if (epochArg == null) {
            epoch = lastEpoch + 1;
            tCur = tCur + 1;
            if (tCur >= tI) {
                tCur = tCur % tI;
                tI = tI * tMult;
            }
        } else {
            epoch = epochArg;
            if (!(epoch >= 0)) {
                throw new IllegalArgumentException("epoch: Expected non-negative epoch, but got " + epoch);
            }
            if (epoch >= t0) {
                if (tMult == 1) {
                    tCur = epoch % t0;
                } else {
                    int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                    tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                    tI = t0 * (long) Math.pow(tMult, n);
                }
            } else {
                tI = t0;
                tCur = epoch;
            }
        }
        lastEpoch = (int) Math.floor(epoch);
        List<Double> lrs = getLr();
        for (int i = 0; i < lrs.size(); i++) {
            groups().get(i).setLr(lrs.get(i));
        }
        lastLr = groupLrs();
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("T_i", tI);
        out.put("T_cur", tCur);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        tI = (long) StateValues.getDouble(in, "T_i");
        tCur = StateValues.getDouble(in, "T_cur");
    }
}
