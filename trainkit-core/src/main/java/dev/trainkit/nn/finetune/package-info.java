/**
 * Freezing by module and parameter name or glob ({@code Freezer}, {@code ModuleGlob}) and locked
 * BatchNorm statistics.
 */
package dev.trainkit.nn.finetune;
