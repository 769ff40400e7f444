/**
 * Small pure-Java helpers shared across layers: atomic file writes and fnmatch-style globs.
 */
package dev.trainkit.util;
