package dev.trainkit.vision.models;

import dev.trainkit.nn.BatchNormBase;
import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Init;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;

/** The weight-initialisation loops that torchvision's model constructors run over {@code modules()}. */
final class ZooInit {
    private ZooInit() {
    }

    /** BatchNorm weight 1, bias 0 (every family does this). */
    static void batchNormOnesZeros(Module root) {
        for (Module m : root.modules()) {
            if (m instanceof BatchNormBase bn && bn.weight != null) {
                Init.ones_(bn.weight);
                Init.zeros_(bn.bias);
            }
        }
    }

    /** Conv weights ~ kaiming_normal_(mode, nonlinearity), conv biases 0. */
    static void convKaimingNormal(Module root, String mode, String nonlinearity) {
        for (Module m : root.modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, mode, nonlinearity);
                if (c.bias != null) {
                    Init.zeros_(c.bias);
                }
            }
        }
    }

    /** Linear weights ~ N(0, std²), biases 0. */
    static void linearNormal(Module root, double std) {
        for (Module m : root.modules()) {
            if (m instanceof Linear l) {
                Init.normal_(l.weight, 0, std);
                if (l.bias != null) {
                    Init.zeros_(l.bias);
                }
            }
        }
    }

    /** Conv2d and Linear weights ~ trunc_normal_(std, a=−2, b=2), biases 0 (ConvNeXt). */
    static void convLinearTruncNormal(Module root, double std) {
        for (Module m : root.modules()) {
            if (m instanceof Conv2d c) {
                Init.truncNormal_(c.weight, 0, std, -2, 2);
                if (c.bias != null) {
                    Init.zeros_(c.bias);
                }
            } else if (m instanceof Linear l) {
                Init.truncNormal_(l.weight, 0, std, -2, 2);
                if (l.bias != null) {
                    Init.zeros_(l.bias);
                }
            }
        }
    }

    /** Linear weights ~ trunc_normal_(std, a=−2, b=2), biases 0 (Swin). */
    static void linearTruncNormal(Module root, double std) {
        for (Module m : root.modules()) {
            if (m instanceof Linear l) {
                Init.truncNormal_(l.weight, 0, std, -2, 2);
                if (l.bias != null) {
                    Init.zeros_(l.bias);
                }
            }
        }
    }
}
