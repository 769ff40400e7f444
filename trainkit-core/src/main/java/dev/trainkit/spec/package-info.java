/**
 * Spec strings ({@code Name(kw=value, ...)}, grammar in docs/SPEC_STRINGS.md): the parser,
 * argument binding in PyTorch's order, and the one registry shape every component kind uses
 * ({@code Signature}, {@code Registration}, {@code Registry}). Pure Java.
 */
package dev.trainkit.spec;
