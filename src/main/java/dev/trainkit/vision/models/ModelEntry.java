package dev.trainkit.vision.models;

import dev.trainkit.nn.Module;
import dev.trainkit.spec.SpecArgs;
import java.util.function.Function;

/** A builder in the registry: its public description and how to build it from bound arguments. */
record ModelEntry(ModelInfo info, Function<SpecArgs, Module> factory) {
}
