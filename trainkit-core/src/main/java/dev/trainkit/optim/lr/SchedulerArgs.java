package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.SpecArgs;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecException;
import dev.trainkit.spec.SpecTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Conversions of bound spec arguments that several schedulers' registry entries share. */
final class SchedulerArgs {
    private SchedulerArgs() {
    }

    /** Nested scheduler calls ({@code schedulers=[...]}) built on the same optimizer, in source order. */
    static List<LRScheduler> nested(SpecArgs a, String name, HasParamGroups optimizer) {
        List<LRScheduler> out = new ArrayList<>();
        for (SpecCall c : a.getCallList(name)) {
            out.add(Schedulers.create(c, optimizer));
        }
        return out;
    }

    /** The traits of a wrapper around the nested calls {@code name}: each holds if one of them has it. */
    static SchedulerTraits nestedTraits(SpecArgs a, String name) {
        a.required(name);
        SchedulerTraits t = SchedulerTraits.PER_EPOCH;
        for (SpecCall c : a.getCallList(name)) {
            t = t.or(Schedulers.traits(c));
        }
        return t;
    }

    /** {@code lr_lambda}: one quoted expression in {@code epoch} for every group, or a list of them. */
    static List<IntToDoubleFunction> lambdas(SpecArgs a, HasParamGroups optimizer) {
        a.required("lr_lambda");
        Object v = a.get("lr_lambda");
        List<IntToDoubleFunction> out = new ArrayList<>();
        if (v instanceof String s) {
            LrLambdaExpression e = LrLambdaExpression.parse(s);
            for (int i = 0; i < optimizer.paramGroups().size(); i++) {
                out.add(e);
            }
            return out;
        }
        List<?> items = v instanceof List<?> l ? l : v instanceof SpecTuple t ? t.items() : null;
        if (items == null || !items.stream().allMatch(x -> x instanceof String)) {
            throw new SpecException(a.callName() + ": argument 'lr_lambda': expected a quoted expression in epoch "
                    + "(e.g. '0.95 ** epoch') or a list of them, got " + v);
        }
        for (Object o : items) {
            out.add(LrLambdaExpression.parse((String) o));
        }
        return out;
    }

    /** A number or a list of numbers (one per group); its default comes from the signature. */
    static List<Double> doubles(SpecArgs a, String name) {
        List<Double> v = a.getDoubleList(name);
        if (v == null) {
            throw new SpecException(a.callName() + ": missing required argument '" + name + "'");
        }
        return v;
    }

    /** A required integer or list of integers. */
    static List<Integer> ints(SpecArgs a, String name) {
        List<Long> v = a.getLongList(name);
        if (v == null) {
            throw new SpecException(a.callName() + ": missing required argument '" + name + "'");
        }
        List<Integer> out = new ArrayList<>();
        for (long x : v) {
            out.add(Math.toIntExact(x));
        }
        return out;
    }

    /** An optional integer: {@code null} when absent or None. */
    static Integer optionalInt(SpecArgs a, String name) {
        return a.hasValue(name) ? a.getInt(name) : null;
    }
}
