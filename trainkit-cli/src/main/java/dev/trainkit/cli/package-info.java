/**
 * The {@code trainkit} command (picocli): one class per subcommand, registered in {@code
 * TrainKitCommand}. Nothing depends on this package. The contract its commands keep is
 * docs/CLI.md.
 */
package dev.trainkit.cli;
