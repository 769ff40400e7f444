package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;

/**
 * Named children applied in order: torchvision's {@code nn.Sequential(OrderedDict(...))} and
 * Sequential subclasses with named children (DenseNet's {@code features}, {@code _Transition}).
 */
class OrderedModules extends Module {

    /** Appends {@code module} under {@code name}. */
    OrderedModules add(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : children()) {
            x = m.forward(x);
        }
        return x;
    }
}
