package dev.trainkit.vision.models;

/** Argument checks shared by the model constructors, with messages naming the argument. */
final class ZooChecks {
    private ZooChecks() {
    }

    static long numClasses(String model, long numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException(model + ": num_classes must be > 0, got " + numClasses);
        }
        return numClasses;
    }

    static double probability(String model, String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(model + ": " + name + " must be a probability in [0, 1], got " + p);
        }
        return p;
    }

    static double positive(String model, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(model + ": " + name + " must be > 0, got " + v);
        }
        return v;
    }
}
