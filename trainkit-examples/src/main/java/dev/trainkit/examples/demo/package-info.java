/**
 * The demo that {@code ./trainkit demo} runs: pretraining on embedded Fashion-MNIST, fine-tuning
 * versus training from scratch, and its report.
 */
package dev.trainkit.examples.demo;
