package dev.trainkit.optim.lr;

import java.util.List;

/**
 * Python's float arithmetic for {@link LrLambdaExpression} (package-private): operators with
 * CPython's floor-division and modulo algorithms, and the math functions with Python's domain
 * errors (raised as {@link ArithmeticException}, turned into IllegalArgumentException by the caller).
 */
final class PythonMath {
    private PythonMath() {
    }

    /** Binary operator evaluation with Python float semantics. */
    static double binary(String op, double a, double b) {
        switch (op) {
            case "+":
                return a + b;
            case "-":
                return a - b;
            case "*":
                return a * b;
            case "/":
                if (b == 0) {
                    throw new ArithmeticException("division by zero");
                }
                return a / b;
            case "//":
                return floorDiv(a, b);
            case "%":
                return floorMod(a, b);
            case "**":
                return power(a, b);
            default:
                throw new IllegalStateException("operator " + op);
        }
    }

    /** CPython's float_floor_div. */
    static double floorDiv(double vx, double wx) {
        if (wx == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        double mod = vx % wx; // Java % on doubles is C fmod
        double div = (vx - mod) / wx;
        if (mod != 0) {
            if ((wx < 0) != (mod < 0)) {
                div -= 1.0;
            }
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, vx / wx);
        }
        return floordiv;
    }

    /** CPython's float_rem. */
    static double floorMod(double vx, double wx) {
        if (wx == 0) {
            throw new ArithmeticException("integer division or modulo by zero");
        }
        double mod = vx % wx;
        if (mod != 0) {
            if ((wx < 0) != (mod < 0)) {
                mod += wx;
            }
        } else {
            mod = Math.copySign(0.0, wx);
        }
        return mod;
    }

    static double power(double a, double b) {
        if (a == 0 && b < 0) {
            throw new ArithmeticException("0.0 cannot be raised to a negative power");
        }
        if (a < 0 && b != Math.rint(b)) {
            throw new ArithmeticException("negative number " + a + " cannot be raised to a fractional power " + b);
        }
        return Math.pow(a, b);
    }

    static double call(String name, List<Double> args) {
        switch (name) {
            case "min":
            case "max": {
                if (args.size() < 2) {
                    throw new ArithmeticException(name + " expected at least 2 arguments, got " + args.size());
                }
                double r = args.get(0);
                for (double v : args) {
                    // Python's min/max keep the first of equal values and propagate NaN loosely; plain compare suffices
                    r = name.equals("min") ? (v < r ? v : r) : (v > r ? v : r);
                }
                return r;
            }
            case "log": {
                double x = one(name, args, 1, 2);
                if (x <= 0) {
                    throw new ArithmeticException("math domain error: log(" + x + ")");
                }
                if (args.size() == 2) {
                    double base = args.get(1);
                    if (base <= 0 || base == 1) {
                        throw new ArithmeticException("math domain error: log base " + base);
                    }
                    return Math.log(x) / Math.log(base);
                }
                return Math.log(x);
            }
            case "sqrt": {
                double x = one(name, args, 1, 1);
                if (x < 0) {
                    throw new ArithmeticException("math domain error: sqrt(" + x + ")");
                }
                return Math.sqrt(x);
            }
            case "exp": {
                double r = Math.exp(one(name, args, 1, 1));
                if (Double.isInfinite(r)) {
                    throw new ArithmeticException("math range error: exp overflow");
                }
                return r;
            }
            case "cos":
                return Math.cos(one(name, args, 1, 1));
            case "sin":
                return Math.sin(one(name, args, 1, 1));
            case "floor":
                return Math.floor(one(name, args, 1, 1));
            case "ceil":
                return Math.ceil(one(name, args, 1, 1));
            case "abs":
                return Math.abs(one(name, args, 1, 1));
            default:
                throw new IllegalStateException("function " + name);
        }
    }

    private static double one(String name, List<Double> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new ArithmeticException(name + "() takes " + (min == max ? "exactly " + min : min + " or " + max)
                    + " argument(s), got " + args.size());
        }
        return args.get(0);
    }
}
