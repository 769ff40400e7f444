package dev.trainkit.train;

import dev.trainkit.tensor.Tensor;

/** A tensor owned by the garbage collector whatever scope is open (EMA shadows, weight backups). */
final class KeptTensor extends Tensor {
    KeptTensor(Tensor t) {
        super(t);
    }
}
