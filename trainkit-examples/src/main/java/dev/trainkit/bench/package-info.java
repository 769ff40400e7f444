/**
 * Benchmarks behind {@code trainkit bench} and {@code trainkit microbench}: training-step timing,
 * FLOP counts, libtorch baselines, loader throughput and data-parallel throughput. Application
 * code, not part of the library.
 */
package dev.trainkit.bench;
