/**
 * The training workflow: {@code Trainer} with an immutable {@code TrainerConfig}, the {@code
 * Callback} hooks and the built-in callbacks (checkpointing, metrics, EMA, NaN guard, scheduler
 * stepping, progress), checkpoints with exact resume, and the run directory. Lightning: {@code
 * pl.Trainer}. Imports nothing from {@code vision}.
 */
package dev.trainkit.train;
